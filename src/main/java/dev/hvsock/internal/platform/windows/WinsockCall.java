package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows.WinSockTypes;
import dev.hvsock.internal.platform.OsErrors.Operation;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * The scope of a ws2_32 (or kernel32) call off the data path (open, bind, connect, options, ...): a
 * confined arena for its arguments and the call-state segment where the linker captures the Winsock and
 * Win32 errors, both freed when the scope closes, and the Winsock failure check ({@code SOCKET_ERROR}) that
 * throws the error's exception. The data calls take their caller's call state instead: nothing is allocated
 * per read or write.
 *
 * <p>{@code WSAEINTR} follows the one rule of {@link dev.hvsock.internal.platform.Sockets}.
 */
final class WinsockCall implements AutoCloseable {
    private static final int SOCKET_ERROR = WinSockTypes.SOCKET_ERROR();

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = arena.allocate(Downcalls.CALL_STATE);

    /** Where the call's arguments are allocated, until the scope closes. */
    Arena arena() {
        return arena;
    }

    /** The call-state segment to pass to {@link Downcalls}. */
    MemorySegment state() {
        return state;
    }

    /** The Winsock error ({@code WSAGetLastError}) the last ws2_32 call left. */
    int wsaError() {
        return Downcalls.wsaError(state);
    }

    /** The Win32 error ({@code GetLastError}) the last kernel32 call left. */
    int lastError() {
        return Downcalls.lastError(state);
    }

    /** Throws the exception of {@link #wsaError()}, naming {@code address}, if {@code result} is SOCKET_ERROR. */
    void check(int result, Operation operation, SocketAddress address) throws IOException {
        if (result == SOCKET_ERROR) {
            throw WsaErrors.exception(operation, address, wsaError());
        }
    }

    /** Throws the exception of {@link #wsaError()}, naming {@code what}, if {@code result} is SOCKET_ERROR. */
    void check(int result, Operation operation, String what) throws IOException {
        if (result == SOCKET_ERROR) {
            throw WsaErrors.exception(operation, what, wsaError());
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
