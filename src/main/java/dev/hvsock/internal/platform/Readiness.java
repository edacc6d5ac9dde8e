package dev.hvsock.internal.platform;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The readiness role of a {@link NativePlatform}: how a thread waits for a socket (a single {@link #poll},
 * a {@link PollSet} for selectors and the poller, {@link Wakeup}s that end a wait), and the threading policy
 * that goes with it.
 *
 * <p>The defaults are the array-poll way of waiting, the only one Windows has ({@code WSAPoll}): poll sets
 * are {@link ArrayPollSet}s over {@link #newPollArray()}, sockets never wait in the kernel, and platform
 * threads park through the poller. A platform with a scalable poll set (epoll on Linux) overrides them;
 * {@link ArrayPollReadiness} puts them back over any platform, which is how the tests run Windows' way of
 * waiting over {@code poll(2)} on Linux.
 */
public interface Readiness {

    /**
     * Blocks until {@code handle} has one of {@code events}, {@code wakeup} (a {@link Wakeup#handle()},
     * or {@code -1}; only where {@link #platformThreadsPollThemselves()}) is readable, or {@code timeoutMillis}
     * passes ({@code -1}: no limit).
     *
     * @param scratch at least {@link #pollScratchSize()} bytes of native memory owned by the caller
     * @return the events of {@code handle}, or 0 if it is not ready (timeout, wakeup or signal)
     */
    int poll(long handle, int events, long wakeup, long timeoutMillis, MemorySegment scratch) throws IOException;

    /** The bytes of native memory {@link #poll} needs as scratch. */
    long pollScratchSize();

    /** A new wakeup: for a poll set, and where {@link #platformThreadsPollThemselves()}, for a waiting thread. */
    Wakeup openWakeup() throws IOException;

    /**
     * The OS's array poll ({@code poll(2)}, {@code WSAPoll}): a new instance, with call state of its own, for
     * one {@link ArrayPollSet}.
     */
    PollArray newPollArray();

    /** The platform's poll set: by default an {@link ArrayPollSet}; epoll on Linux. */
    default PollSet openPollSet() throws IOException {
        return ArrayPollSet.open(this);
    }

    /**
     * Whether a socket can be put in blocking mode ({@link Sockets#setBlocking}), so that a blocking channel
     * operation of a platform thread waits inside {@link Sockets#readBlocking}/{@link Sockets#writeBlocking}
     * or {@link Sockets#readv}/{@link Sockets#writev}: one system call, as the JDK's channels make, instead of
     * a try, a poll and a retry. {@link Sockets#preClose} ends such a wait, and so does a shutdown of its
     * direction. Without it, sockets stay non-blocking.
     */
    default boolean canBlockInKernel() {
        return false;
    }

    /**
     * Whether a platform thread that waits for readiness polls its socket itself, beside a {@link Wakeup} of
     * its own that ends the wait ({@link #poll}; one per channel direction that has to wait, kept until the
     * channel closes): where a wakeup is one cheap handle (an {@code eventfd} on Linux). Otherwise such a
     * thread parks until the process's poller thread finds its socket ready, as virtual threads always do,
     * and close or shutdown unparks it: on Windows a wakeup is a connected pair of sockets, so each selector
     * and the poller have one, and nothing else does.
     */
    default boolean platformThreadsPollThemselves() {
        return false;
    }
}
