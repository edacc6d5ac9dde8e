package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows.WinSockTypes;
import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.OsErrors.Operation;
import dev.hvsock.internal.platform.PollArray;
import dev.hvsock.internal.platform.Readiness;
import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * How threads wait on Windows: {@code WSAPoll}, for one socket and, as an array ({@link WsaPollArray}), for
 * selectors and the poller. Windows has nothing more scalable that waits on sockets and a wakeup alike, so
 * this is the array-poll way of waiting as {@link Readiness} defines it: poll sets are
 * {@link dev.hvsock.internal.platform.ArrayPollSet}s, sockets never wait in the kernel, and platform threads
 * park through the poller thread, as virtual threads do, so the only wakeups ({@link SocketPairWakeup}) are
 * one per selector and one for the poller.
 */
final class WindowsReadiness implements Readiness {
    private static final int SOCKET_ERROR = WinSockTypes.SOCKET_ERROR();
    private static final long POLL_ENTRY_SIZE = WsaPollEvents.ENTRY_SIZE;

    private final WindowsSockets sockets;
    private final PendingConnects connects;

    WindowsReadiness(WindowsSockets sockets) {
        this.sockets = sockets;
        this.connects = sockets.connects();
    }

    /**
     * {@code WSAPoll} on {@code handle}. If a connect is pending on {@code handle} and {@link Events#OUT} is
     * asked for, it waits in slices and checks {@code SO_ERROR} after each ({@link PendingConnects}), since
     * {@code WSAPoll} on Windows before 10 2004 never reports a failed connect; a failure is returned as
     * {@code ERR | HUP | OUT}. What is returned is limited to {@code events} and the errors: a peer's orderly
     * shutdown, which {@code WSAPoll} reports whatever was asked, is readiness for a reader only.
     *
     * <p>No {@code wakeup}: platform threads here park through the poller thread instead
     * ({@link #platformThreadsPollThemselves()} is false), so nothing waits on a wakeup of its own.
     */
    @Override
    public int poll(long handle, int events, long wakeup, long timeoutMillis, MemorySegment scratch)
            throws IOException {
        if (wakeup >= 0) {
            throw new IllegalArgumentException("Windows threads park through the poller; they have no wakeup");
        }
        WsaPollEvents.setEntry(scratch, 0, handle, events);
        MemorySegment cs = scratch.asSlice(POLL_ENTRY_SIZE, Downcalls.CALL_STATE.byteSize());
        int timeout = (int) Math.min(timeoutMillis, Integer.MAX_VALUE);
        int n;
        if ((events & Events.OUT) != 0 && connects.isPending(handle)) {
            n = connects.sliced(t -> wsaPoll(cs, scratch, 1, t), timeout, () -> true,
                    () -> connects.markFailed(scratch, 0, 1), -1);
        } else {
            n = wsaPoll(cs, scratch, 1, timeout);
        }
        if (n <= 0) {
            return 0; // timed out, or interrupted
        }
        return WsaPollEvents.fromWsa(WsaPollEvents.reventsOf(scratch, 0)) & (events | Events.ERR | Events.HUP
                | Events.NVAL);
    }

    /** {@code WSAPoll}: the number of entries with events, or {@link IOStatus#INTERRUPTED}. */
    static int wsaPoll(MemorySegment callState, MemorySegment array, int count, int timeoutMillis)
            throws IOException {
        int n = Downcalls.wsaPoll(callState, array, count, timeoutMillis);
        if (n == SOCKET_ERROR) {
            int error = Downcalls.wsaError(callState);
            if (error == WsaErrors.WSAEINTR) {
                return IOStatus.INTERRUPTED;
            }
            throw WsaErrors.exception(Operation.POLL, "WSAPoll", error);
        }
        return n;
    }

    @Override
    public long pollScratchSize() {
        return POLL_ENTRY_SIZE + Downcalls.CALL_STATE.byteSize();
    }

    @Override
    public Wakeup openWakeup() throws IOException {
        return SocketPairWakeup.open(sockets, this);
    }

    @Override
    public PollArray newPollArray() {
        return new WsaPollArray(connects);
    }
}
