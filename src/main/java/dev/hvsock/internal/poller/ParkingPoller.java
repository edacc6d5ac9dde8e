package dev.hvsock.internal.poller;

import dev.hvsock.internal.platform.PollSet;
import dev.hvsock.internal.platform.Readiness;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parks threads until their socket is ready: every virtual thread, so that a blocking channel operation
 * releases its carrier instead of blocking it in a native call, and, where a platform thread cannot have
 * a wakeup of its own cheaply ({@link Readiness#platformThreadsPollThemselves()}: Windows), platform
 * threads too, so that the process has one wakeup for all of them instead of one per waiting channel.
 * Where the platform's poll set lets any thread arm it (epoll), a waiter registers itself
 * ({@link ArmedPoller}); otherwise it asks the polling thread to ({@link QueuedPoller}).
 *
 * <p>The pollers need nothing but the platform's {@link PollSet}, as the JDK's {@code sun.nio.ch.Poller}
 * stands alone: channels and selectors use them, never the other way round.
 */
public abstract sealed class ParkingPoller permits ArmedPoller, QueuedPoller {
    /**
     * One poller per way of waiting (the platform's, and in the tests the array-poll decorator over it): the
     * same {@link Readiness} instance always gets the same poller.
     */
    private static final ConcurrentHashMap<Readiness, ParkingPoller> POLLERS = new ConcurrentHashMap<>();

    /** {@code readiness}'s poller, started on first use and kept for the life of the process. */
    public static ParkingPoller get(Readiness readiness) throws IOException {
        ParkingPoller p = POLLERS.get(readiness);
        if (p == null) {
            synchronized (ParkingPoller.class) {
                p = POLLERS.get(readiness);
                if (p == null) {
                    PollSet pollSet = readiness.openPollSet();
                    if (pollSet.armsConcurrently()) {
                        p = new ArmedPoller(pollSet, readiness.openPollSet());
                    } else {
                        p = new QueuedPoller(pollSet);
                    }
                    POLLERS.put(readiness, p);
                }
            }
        }
        return p;
    }

    /**
     * Parks the current thread until {@code handle} has one of {@code events} or the thread is unparked
     * or interrupted, for at most {@code timeoutNanos} ({@code <= 0}: no limit). Spurious returns are
     * allowed; no registration outlives the call, since the handle may be closed and its number reused.
     */
    public abstract void park(long handle, int events, long timeoutNanos) throws IOException;
}
