package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.OsErrors.Operation;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * One {@code WSAPoll} over an array of {@code WSAPOLLFD}s, surviving a bad entry.
 *
 * <p>A bad handle in the array (one closed under it, or never a socket): Wine's tests, which run on real
 * Windows ({@code dlls/ws2_32/tests/sock.c}, {@code test_WSAPoll}), see {@code WSAPoll} mark its entry
 * {@code POLLNVAL} and leave it out of the count, failing with {@code WSAENOTSOCK} only when no entry is valid;
 * issue 18 assumed it fails the whole call ({@code WSAENOTSOCK}; Microsoft Learn, WSAPoll: {@code WSAEINVAL}
 * "if none of the sockets ... were valid"). Both are handled. A poll that counts nothing but marks entries
 * {@code POLLNVAL} returns those as ready, so that the poll set fires them. A whole-call failure, thrown as it
 * is, would come back on every poll of the same array, and a poller that retries would never wait again nor
 * wake the waiter of the bad entry: so each entry is then polled alone, without waiting, the ones Winsock
 * refuses get {@code POLLNVAL} ("An invalid socket was used", Microsoft Learn, WSAPoll), which fires their
 * waiters (an array poll set reports {@code NVAL} whatever was asked), and the others keep what their own poll
 * found. Only if no entry is bad is the failure thrown.
 *
 * <p>Touches no native code itself ({@link Native} is the call), so it is tested on any OS.
 */
final class WsaPollCall {
    private static final int SOCKET_ERROR = -1;

    /** {@code WSAPoll} itself, and the error of its last failure. */
    interface Native {
        /** {@code WSAPoll(entries, count, timeoutMillis)}: the entries with events, or {@code SOCKET_ERROR}. */
        int poll(MemorySegment entries, int count, int timeoutMillis);

        /** {@code WSAGetLastError} after the last call that returned {@code SOCKET_ERROR}. */
        int lastError();
    }

    private WsaPollCall() {
    }

    /**
     * Polls the first {@code count} entries of {@code array}.
     *
     * @return the number of entries with events, or {@link IOStatus#INTERRUPTED}
     */
    static int poll(Native wsaPoll, MemorySegment array, int count, int timeoutMillis) throws IOException {
        int n = wsaPoll.poll(array, count, timeoutMillis);
        if (n == 0) {
            return invalidEntries(array, count);
        }
        if (n != SOCKET_ERROR) {
            return n;
        }
        int error = wsaPoll.lastError();
        if (error == WsaErrors.WSAEINTR) {
            return IOStatus.INTERRUPTED;
        }
        if (error == WsaErrors.WSAENOTSOCK || error == WsaErrors.WSAEINVAL) {
            int ready = pollEachAlone(wsaPoll, array, count);
            if (ready > 0) {
                return ready;
            }
        }
        throw WsaErrors.exception(Operation.POLL, "WSAPoll of " + count + " sockets", error);
    }

    /**
     * The entries marked {@code POLLNVAL} by a poll that counted none: Wine's tests, which run on real Windows,
     * see a bad handle among good ones reported that way ({@code dlls/ws2_32/tests/sock.c}, {@code test_WSAPoll}:
     * the call returns 0, the bad entry's {@code revents} is {@code POLLNVAL}). Returned as the count, so that
     * the poll set looks at the entries and fires the bad one, instead of taking the poll for a timeout and
     * polling the same array again.
     */
    private static int invalidEntries(MemorySegment array, int count) {
        int invalid = 0;
        for (int i = 0; i < count; i++) {
            if ((WsaPollEvents.reventsOf(array, i) & WsaPollEvents.POLLNVAL) != 0) {
                invalid++;
            }
        }
        return invalid;
    }

    /**
     * Polls each entry alone, at once, marking those {@code WSAPoll} refuses with {@code POLLNVAL}.
     *
     * @return the entries with events, or 0 if none was refused or reported {@code POLLNVAL} (then the
     *         array's failure is not theirs)
     */
    private static int pollEachAlone(Native wsaPoll, MemorySegment array, int count) {
        int bad = 0;
        int ready = 0;
        for (int i = 0; i < count; i++) {
            MemorySegment entry = array.asSlice(i * WsaPollEvents.ENTRY_SIZE, WsaPollEvents.ENTRY_SIZE);
            if (wsaPoll.poll(entry, 1, 0) == SOCKET_ERROR) {
                WsaPollEvents.setRevents(array, i, WsaPollEvents.POLLNVAL);
            }
            if ((WsaPollEvents.reventsOf(array, i) & WsaPollEvents.POLLNVAL) != 0) {
                bad++; // refused alone, or reported invalid by its own poll
            }
            if (WsaPollEvents.reventsOf(array, i) != 0) {
                ready++;
            }
        }
        return bad > 0 ? ready : 0;
    }
}
