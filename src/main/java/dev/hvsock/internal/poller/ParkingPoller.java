package dev.hvsock.internal.poller;

import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.PollSet;

import java.io.IOException;

/**
 * Parks virtual threads until their socket is ready, so that a blocking channel operation on a virtual
 * thread releases its carrier instead of blocking it in a native call. Where the platform's poll set
 * lets any thread arm it (epoll), a waiter registers itself ({@link ArmedPoller}); otherwise it asks the
 * polling thread to ({@link QueuedPoller}).
 *
 * <p>The pollers need nothing but the platform's {@link PollSet}, as the JDK's {@code sun.nio.ch.Poller}
 * stands alone: channels and selectors use them, never the other way round.
 */
public abstract sealed class VirtualThreadPoller permits ArmedPoller, QueuedPoller {
    private static volatile VirtualThreadPoller instance;

    /** The process-wide poller, started on first use. */
    public static VirtualThreadPoller get(NativePlatform platform) throws IOException {
        VirtualThreadPoller p = instance;
        if (p == null) {
            synchronized (VirtualThreadPoller.class) {
                p = instance;
                if (p == null) {
                    PollSet pollSet = platform.openPollSet();
                    if (pollSet.armsConcurrently()) {
                        p = new ArmedPoller(pollSet, platform.openPollSet());
                    } else {
                        p = new QueuedPoller(pollSet);
                    }
                    instance = p;
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
