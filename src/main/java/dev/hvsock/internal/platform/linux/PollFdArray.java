package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.platform.ArrayPollSet;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.OsErrors.Operation;
import dev.hvsock.internal.platform.PollArray;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code poll(2)} over an array of {@code pollfd}s, for an {@link ArrayPollSet}. Linux selectors use epoll;
 * this runs the array logic the Windows selector has, here, for the tests ({@link
 * dev.hvsock.internal.platform.ArrayPollReadiness}). Its static methods read and write {@code pollfd}
 * entries, whose events are the neutral {@link dev.hvsock.internal.platform.Events} bits as they are, for
 * {@link LinuxReadiness#poll} too.
 */
final class PollFdArray implements PollArray {
    /** The size of one {@code pollfd}. */
    static final int ENTRY_SIZE = (int) LinuxStructs.CURRENT.pollfd().byteSize();
    private static final long FD_OFFSET = LinuxStructs.offset(LinuxStructs.CURRENT.pollfd(), "fd");
    private static final long EVENTS_OFFSET = LinuxStructs.offset(LinuxStructs.CURRENT.pollfd(), "events");
    private static final long REVENTS_OFFSET = LinuxStructs.offset(LinuxStructs.CURRENT.pollfd(), "revents");

    private final MemorySegment callState;

    PollFdArray() {
        this.callState = Arena.ofAuto().allocate(Downcalls.CALL_STATE);
    }

    /** Writes entry {@code i} of {@code array}: {@code handle} polled for {@code events}, nothing reported yet. */
    static void setPollFd(MemorySegment array, int i, long handle, int events) {
        long offset = (long) i * ENTRY_SIZE;
        array.set(ValueLayout.JAVA_INT, offset + FD_OFFSET, (int) handle);
        array.set(ValueLayout.JAVA_SHORT, offset + EVENTS_OFFSET, (short) events);
        array.set(ValueLayout.JAVA_SHORT, offset + REVENTS_OFFSET, (short) 0);
    }

    /** The events {@code poll} reported for entry {@code i} of {@code array}. */
    static int reventsOf(MemorySegment array, int i) {
        return array.get(ValueLayout.JAVA_SHORT, (long) i * ENTRY_SIZE + REVENTS_OFFSET) & 0xffff;
    }

    @Override
    public long entrySize() {
        return ENTRY_SIZE;
    }

    @Override
    public void setEntry(MemorySegment array, int i, long handle, int events) {
        setPollFd(array, i, handle, events);
    }

    @Override
    public int readyEventsOf(MemorySegment array, int i) {
        return reventsOf(array, i);
    }

    @Override
    public int poll(MemorySegment array, int count, int timeoutMillis) throws IOException {
        int n = Downcalls.poll(callState, array, count, timeoutMillis);
        if (n < 0) {
            int errno = Downcalls.errno(callState);
            if (errno == Errno.EINTR) {
                return IOStatus.INTERRUPTED;
            }
            throw Errno.exception(Operation.POLL, "poll", errno);
        }
        return n;
    }
}
