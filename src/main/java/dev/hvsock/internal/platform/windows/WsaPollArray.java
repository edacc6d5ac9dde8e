package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.ArrayPollSet;
import dev.hvsock.internal.platform.PollArray;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code WSAPoll} over an array of {@code WSAPOLLFD}s: the Windows selector's poll set is an
 * {@link ArrayPollSet} over it, with a {@link SocketPairWakeup} as entry 0.
 *
 * <p>{@code WSAPoll} before Windows 10 2004 never reports a non-blocking connect that failed (no
 * {@code POLLERR}, {@code POLLHUP} or {@code POLLWRNORM}: the socket just stays silent). While any connect
 * of this process is pending, a poll therefore waits in slices and, after each, asks every silent connecting
 * socket for its {@code SO_ERROR} ({@link PendingConnects}); a failed one is reported as
 * {@code POLLHUP | POLLERR | POLLWRNORM}, exactly what newer Windows reports, and its error is kept for
 * {@code finishConnect}. Without pending connects it still returns to look every {@link #IDLE_CHECK_MILLIS}
 * (invisibly to the selector), which costs an idle selector one wake-up a second.
 */
final class WsaPollArray implements PollArray {
    /**
     * How long a poll waits, while no connect is pending anywhere, before checking whether one has started
     * since: a connect on a channel that was registered before it began wakes no selector.
     */
    static final int IDLE_CHECK_MILLIS = 1000;

    private final PendingConnects connects;
    private final MemorySegment callState;

    WsaPollArray(PendingConnects connects) {
        this.connects = connects;
        this.callState = Arena.ofAuto().allocate(Downcalls.CALL_STATE);
    }

    @Override
    public long entrySize() {
        return WsaPollEvents.ENTRY_SIZE;
    }

    @Override
    public void setEntry(MemorySegment array, int i, long handle, int events) {
        WsaPollEvents.setEntry(array, i, handle, events);
    }

    @Override
    public int readyEventsOf(MemorySegment array, int i) {
        return WsaPollEvents.fromWsa(WsaPollEvents.reventsOf(array, i));
    }

    @Override
    public int poll(MemorySegment array, int count, int timeoutMillis) throws IOException {
        // entry 0 is the wakeup, never a connecting socket
        return connects.sliced(t -> WindowsReadiness.wsaPoll(callState, array, count, t), timeoutMillis, connects::any,
                () -> connects.markFailed(array, 1, count), IDLE_CHECK_MILLIS);
    }
}
