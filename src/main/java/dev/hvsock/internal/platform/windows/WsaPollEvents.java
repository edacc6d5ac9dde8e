package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows.WinSockTypes;
import dev.hvsock.internal.ffi.windows.pollfd;
import dev.hvsock.internal.platform.Events;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Translates between the neutral {@link Events} and {@code WSAPoll}'s bits, and reads and writes
 * {@code WSAPOLLFD} entries.
 *
 * <p>{@code WSAPoll} accepts only {@code POLLRDNORM}, {@code POLLRDBAND}, {@code POLLPRI} and
 * {@code POLLWRNORM} in {@code events} and fails the whole call with {@code WSAEINVAL} for anything
 * else; errors and hang-ups are always reported in {@code revents} without being asked for. So
 * interest is only ever {@code POLLRDNORM} and/or {@code POLLWRNORM}.
 *
 * <p>Reads only constants and layouts from the generated types, so it loads (and is tested) on any OS.
 */
final class WsaPollEvents {
    /** The size of one {@code WSAPOLLFD}: 16 bytes on x64. */
    public static final long ENTRY_SIZE = pollfd.sizeof();

    public static final short POLLRDNORM = (short) WinSockTypes.POLLRDNORM();
    public static final short POLLWRNORM = (short) WinSockTypes.POLLWRNORM();
    public static final short POLLERR = (short) WinSockTypes.POLLERR();
    public static final short POLLHUP = (short) WinSockTypes.POLLHUP();
    public static final short POLLNVAL = (short) WinSockTypes.POLLNVAL();
    /** {@code POLLRDNORM | POLLRDBAND}: any kind of data to read. */
    private static final int POLLIN = WinSockTypes.POLLIN();

    private static final long FD_OFFSET = pollfd.fd$offset();
    private static final long EVENTS_OFFSET = pollfd.events$offset();
    private static final long REVENTS_OFFSET = pollfd.revents$offset();

    private WsaPollEvents() {
    }

    /** The {@code WSAPoll} interest for the neutral {@code events}: only the bits WSAPoll accepts. */
    public static short toWsa(int events) {
        int bits = 0;
        if ((events & Events.IN) != 0) {
            bits |= POLLRDNORM;
        }
        if ((events & Events.OUT) != 0) {
            bits |= POLLWRNORM;
        }
        return (short) bits;
    }

    /**
     * The neutral events for what {@code WSAPoll} reported in {@code revents}.
     *
     * <p>{@code POLLHUP} alone is a peer's orderly shutdown (its FIN): {@code WSAPoll} reports it "when the
     * remote peer initiates a graceful disconnect", and {@code POLLHUP | POLLERR} "when a remote peer suddenly
     * disconnects" (Microsoft Learn, WSAPoll, earlier revision of the page). After a FIN a read returns 0
     * (end of stream) and writes go on: it is {@link Events#IN}, readable, and nothing for a writer, as the
     * JDK's Windows selector (wepoll) reports {@code AFD_POLL_DISCONNECT} as {@code EPOLLIN | EPOLLRDHUP}. Only
     * with {@code POLLERR} is it {@link Events#HUP}, a dead connection, which makes every interest ready.
     */
    public static int fromWsa(int revents) {
        int events = 0;
        if ((revents & POLLIN) != 0) {
            events |= Events.IN;
        }
        if ((revents & POLLWRNORM) != 0) {
            events |= Events.OUT;
        }
        if ((revents & POLLERR) != 0) {
            events |= Events.ERR;
            if ((revents & POLLHUP) != 0) {
                events |= Events.HUP;
            }
        } else if ((revents & POLLHUP) != 0) {
            events |= Events.IN;
        }
        if ((revents & POLLNVAL) != 0) {
            events |= Events.NVAL;
        }
        return events;
    }

    /** Sets entry {@code i} of {@code array} to poll {@code handle} for the neutral {@code events}. */
    public static void setEntry(MemorySegment array, int i, long handle, int events) {
        long offset = i * ENTRY_SIZE;
        array.set(ValueLayout.JAVA_LONG, offset + FD_OFFSET, handle);
        array.set(ValueLayout.JAVA_SHORT, offset + EVENTS_OFFSET, toWsa(events));
        array.set(ValueLayout.JAVA_SHORT, offset + REVENTS_OFFSET, (short) 0);
    }

    public static long handleOf(MemorySegment array, int i) {
        return array.get(ValueLayout.JAVA_LONG, i * ENTRY_SIZE + FD_OFFSET);
    }

    /** The raw {@code WSAPoll} interest bits of entry {@code i}. */
    public static int interestOf(MemorySegment array, int i) {
        return array.get(ValueLayout.JAVA_SHORT, i * ENTRY_SIZE + EVENTS_OFFSET) & 0xffff;
    }

    /** The raw {@code revents} of entry {@code i}. */
    public static int reventsOf(MemorySegment array, int i) {
        return array.get(ValueLayout.JAVA_SHORT, i * ENTRY_SIZE + REVENTS_OFFSET) & 0xffff;
    }

    public static void setRevents(MemorySegment array, int i, int revents) {
        array.set(ValueLayout.JAVA_SHORT, i * ENTRY_SIZE + REVENTS_OFFSET, (short) revents);
    }

    /** What a failed connect looks like in {@code revents} on Windows 10 2004 and later. */
    public static int failedConnectRevents() {
        return POLLHUP | POLLERR | POLLWRNORM;
    }
}
