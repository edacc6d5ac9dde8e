package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.ArrayPollSet;
import dev.hvsock.internal.platform.IOStatus;
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
 * of this process is pending, a poll therefore waits in slices of at most
 * {@link WindowsPlatform#CONNECT_CHECK_MILLIS} and, after each, asks every silent connecting socket for
 * its {@code SO_ERROR}; a failed one is reported as {@code POLLHUP | POLLERR | POLLWRNORM}, exactly what
 * newer Windows reports, and its error is kept for {@code finishConnect}.
 */
final class WsaPollSet extends ArrayPollSet {
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
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
        while (true) {
            boolean watchConnects = platform.hasPendingConnects();
            int slice = timeoutMillis;
            if (watchConnects && (timeoutMillis < 0 || timeoutMillis > WindowsPlatform.CONNECT_CHECK_MILLIS)) {
                slice = WindowsPlatform.CONNECT_CHECK_MILLIS;
            }
            int n = platform.wsaPoll(callState, array, count, slice);
            if (n == IOStatus.INTERRUPTED) {
                return n;
            }
            if (watchConnects) {
                // entry 0 is the wakeup, never a connecting socket
                n += platform.reportFailedConnects(array, 1, count);
            }
            if (n > 0 || slice == timeoutMillis) {
                return n;
            }
            if (timeoutMillis > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                timeoutMillis = (int) Math.max(1, (left + 999_999) / 1_000_000);
            }
        }
    }
}
