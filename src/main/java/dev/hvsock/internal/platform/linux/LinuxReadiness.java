package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.OsErrors.Operation;
import dev.hvsock.internal.platform.PollArray;
import dev.hvsock.internal.platform.PollSet;
import dev.hvsock.internal.platform.Readiness;
import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * How threads wait on Linux: {@code poll(2)} for one socket, epoll for selectors and the poller
 * ({@link EPollSet}), eventfds for wakeups ({@link EventFdWakeup}). An eventfd is cheap, so a platform thread
 * polls its own socket beside a wakeup of its own, and sockets may wait in the kernel.
 */
final class LinuxReadiness implements Readiness {
    private final LinuxSockets sockets;

    LinuxReadiness(LinuxSockets sockets) {
        this.sockets = sockets;
    }

    @Override
    public int poll(long handle, int events, long wakeup, long timeoutMillis, MemorySegment scratch)
            throws IOException {
        PollFdArray.setPollFd(scratch, 0, handle, events);
        int count = 1;
        if (wakeup >= 0) {
            PollFdArray.setPollFd(scratch, 1, wakeup, Events.IN);
            count = 2;
        }
        MemorySegment cs = scratch.asSlice(2L * PollFdArray.ENTRY_SIZE, Downcalls.CALL_STATE.byteSize());
        int n = Downcalls.poll(cs, scratch, count, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        if (n < 0) {
            int errno = Downcalls.errno(cs);
            if (errno == Errno.EINTR) {
                return 0;
            }
            throw Errno.exception(Operation.POLL, "poll socket " + handle, errno);
        }
        return n == 0 ? 0 : PollFdArray.reventsOf(scratch, 0);
    }

    @Override
    public long pollScratchSize() {
        return 2L * PollFdArray.ENTRY_SIZE + Downcalls.CALL_STATE.byteSize();
    }

    @Override
    public Wakeup openWakeup() throws IOException {
        return new EventFdWakeup(sockets);
    }

    @Override
    public PollArray newPollArray() {
        return new PollFdArray();
    }

    @Override
    public PollSet openPollSet() throws IOException {
        return new EPollSet(sockets);
    }

    @Override
    public boolean canBlockInKernel() {
        return true;
    }

    /** An eventfd per waiting channel direction is cheap: platform threads poll their socket themselves. */
    @Override
    public boolean platformThreadsPollThemselves() {
        return true;
    }
}
