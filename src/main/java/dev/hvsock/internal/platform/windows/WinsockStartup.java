package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows.WSAData;
import dev.hvsock.internal.ffi.windows.WinSock;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Starts Winsock 2.2 for this process, once, on first use (the class-initialization lock makes that
 * thread-safe).
 *
 * <p>{@code WSACleanup} is never called. Winsock counts {@code WSAStartup} calls per process (the JDK's
 * own networking holds its own count), and the process's exit releases everything; a cleanup in a shutdown
 * hook could pull Winsock away from sockets other shutdown hooks are still using.
 */
final class WinsockStartup {
    private static final short VERSION_2_2 = 0x0202;

    private static final class Holder {
        static final String FAILURE = start();
    }

    private WinsockStartup() {
    }

    /**
     * Makes sure Winsock 2.2 is started.
     *
     * @throws UnsupportedOperationException if {@code WSAStartup} failed, with its error
     */
    static void ensureStarted() {
        String failure = Holder.FAILURE;
        if (failure != null) {
            throw new UnsupportedOperationException(failure);
        }
    }

    // WSAStartup returns its error instead of setting WSAGetLastError, so no call state is captured.
    private static String start() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(WSAData.layout());
            int error;
            try {
                error = WinSock.WSAStartup(VERSION_2_2, data);
            } catch (IllegalArgumentException | LinkageError e) {
                // the bindings' class could not open ws2_32.dll (SymbolLookup.libraryLookup), or not link to it
                return "Winsock (ws2_32.dll) cannot be loaded: " + e;
            }
            if (error != 0) {
                return "Winsock 2.2 is not available: WSAStartup failed with error " + error
                        + " (10091 WSASYSNOTREADY, 10092 WSAVERNOTSUPPORTED, 10067 WSAEPROCLIM)";
            }
            short version = WSAData.wVersion(data);
            if (version != VERSION_2_2) {
                return "Winsock 2.2 is not available: WSAStartup negotiated version 0x"
                        + Integer.toHexString(version & 0xffff);
            }
            return null;
        }
    }
}
