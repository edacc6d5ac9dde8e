package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.ArrayPollSet;
import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The Windows selector's poll set: an {@link ArrayPollSet} of {@code WSAPOLLFD}s handed to {@code WSAPoll},
 * with a {@link SocketPairWakeup} as entry 0.
 *
 * <p>{@code WSAPoll} before Windows 10 2004 never reports a non-blocking connect that failed (no
 * {@code POLLERR}, {@code POLLHUP} or {@code POLLWRNORM}: the socket just stays silent). While any connect
 * of this process is pending, a poll therefore waits in slices and, after each, asks every silent connecting
 * socket for its {@code SO_ERROR} ({@link PendingConnects}); a failed one is reported as
 * {@code POLLHUP | POLLERR | POLLWRNORM}, exactly what newer Windows reports, and its error is kept for
 * {@code finishConnect}. Without pending connects it still returns to look every {@link #IDLE_CHECK_MILLIS}
 * (invisibly to the selector), which costs an idle selector one wake-up a second.
 */
final class WsaPollSet extends ArrayPollSet {
    /**
     * How long a poll waits, while no connect is pending anywhere, before checking whether one has started
     * since: a connect on a channel that was registered before it began wakes no selector.
     */
    static final int IDLE_CHECK_MILLIS = 1000;

    private final WindowsPlatform platform;
    private final MemorySegment callState;

    WsaPollSet(WindowsPlatform platform, Wakeup wakeup) {
        super(wakeup, WsaPollEvents.ENTRY_SIZE);
        this.platform = platform;
        this.callState = Arena.ofAuto().allocate(platform.callStateSize(), 8);
    }

    // Called from ArrayPollSet's constructor too, before this class's fields are set: static helpers only.
    @Override
    protected void setEntry(MemorySegment array, int i, long handle, int events) {
        WsaPollEvents.setEntry(array, i, handle, events);
    }

    @Override
    protected int readyEventsOf(MemorySegment array, int i) {
        return WsaPollEvents.fromWsa(WsaPollEvents.reventsOf(array, i));
    }

    @Override
    protected int pollArray(MemorySegment array, int count, int timeoutMillis) throws IOException {
        PendingConnects connects = platform.connects();
        // entry 0 is the wakeup, never a connecting socket
        return connects.sliced(t -> platform.wsaPoll(callState, array, count, t), timeoutMillis, connects::any,
                () -> connects.markFailed(array, 1, count), IDLE_CHECK_MILLIS);
    }
}
