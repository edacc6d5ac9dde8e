package dev.hvsock.internal.poller;

import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.PollSet;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link ParkingPoller} for poll sets any thread may arm (epoll, one-shot), as the JDK's own
 * poller does it: a parking thread arms its handle itself and parks, and a daemon thread per direction
 * polls and unparks whoever waits for what it reports. One system call per wait, and no hand-off to the
 * polling thread.
 *
 * <p>Reads and writes have a poll set each, so that a reader and a writer of one socket each arm their
 * own registration (one handle has one per set). A channel lets one thread at a time wait per
 * direction, so a handle has at most one waiter per set.
 */
final class ArmedPoller extends ParkingPoller {
    private static final System.Logger LOG = System.getLogger(ArmedPoller.class.getName());

    /** The waiters of one direction, by handle, and the poll set they are armed in. */
    private record Direction(PollSet pollSet, ConcurrentHashMap<Long, Thread> waiters) {
    }

    private final Direction input;
    private final Direction output;

    ArmedPoller(PollSet inputSet, PollSet outputSet) {
        this.input = start(inputSet, "hvsock-poller-in");
        this.output = start(outputSet, "hvsock-poller-out");
    }

    private static Direction start(PollSet pollSet, String name) {
        Direction d = new Direction(pollSet, new ConcurrentHashMap<>());
        Thread.ofPlatform().daemon().name(name).start(() -> run(d));
        return d;
    }

    @Override
    public void park(long handle, int events, long timeoutNanos) throws IOException {
        Direction d = (events & Events.IN) != 0 ? input : output;
        Long key = handle;
        Thread me = Thread.currentThread();
        Thread other = d.waiters.put(key, me);
        if (other != null && other != me) {
            LockSupport.unpark(other); // not expected (one waiter per direction): let it retry rather than hang
        }
        try {
            d.pollSet.arm(handle, events, handle);
        } catch (IOException | RuntimeException | Error e) {
            d.waiters.remove(key, me);
            throw e;
        }
        if (timeoutNanos > 0) {
            LockSupport.parkNanos(this, timeoutNanos);
        } else {
            LockSupport.park(this);
        }
        if (d.waiters.remove(key, me)) {
            // not reported (timeout, close, interrupt, spurious wakeup): take the registration back now
            d.pollSet.disarm(handle);
        }
    }

    private static void run(Direction d) {
        while (true) {
            try {
                int n = d.pollSet.poll(-1); // IOStatus.INTERRUPTED (negative) by a signal: poll again
                for (int i = 0; i < n; i++) {
                    Thread waiter = d.waiters.remove(d.pollSet.readyToken(i));
                    if (waiter != null) {
                        LockSupport.unpark(waiter);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "hvsock poller: poll failed; retrying", e);
                LockSupport.parkNanos(10_000_000L);
            }
        }
    }
}
