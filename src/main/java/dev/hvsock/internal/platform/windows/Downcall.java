package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.NativeFunction;

import java.lang.foreign.MemorySegment;

/**
 * Every native function the Windows platform calls through its own downcall handle: the symbol, how it
 * is linked, and the Java type the platform calls it with (see {@link NativeFunction}). {@link Downcalls}
 * links each one against the jextract-generated address and descriptor.
 *
 * <p>This enum touches no native library, so the signatures can be checked on any OS (the tests link
 * them at a dummy address on Linux).
 *
 * <p>Public only for the tests in {@code dev.hvsock.windows}; the package is not exported.
 */
public enum Downcall implements NativeFunction {
    // SOCKET socket(int af, int type, int protocol)
    SOCKET("socket", Linkages.PLAIN, long.class, int.class, int.class, int.class),
    // SOCKET WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW info, GROUP g, DWORD dwFlags)
    WSA_SOCKET_W("WSASocketW", Linkages.PLAIN, long.class, int.class, int.class, int.class, MemorySegment.class,
            int.class, int.class),
    // SOCKET accept(SOCKET s, struct sockaddr *addr, int *addrlen)
    ACCEPT("accept", Linkages.PLAIN, long.class, long.class, MemorySegment.class, MemorySegment.class),
    // int bind(SOCKET s, const struct sockaddr *name, int namelen)
    BIND("bind", Linkages.PLAIN, int.class, long.class, MemorySegment.class, int.class),
    // int listen(SOCKET s, int backlog)
    LISTEN("listen", Linkages.PLAIN, int.class, long.class, int.class),
    // int connect(SOCKET s, const struct sockaddr *name, int namelen)
    CONNECT("connect", Linkages.PLAIN, int.class, long.class, MemorySegment.class, int.class),
    // int recv(SOCKET s, char *buf, int len, int flags): never blocks (the socket is non-blocking)
    RECV("recv", Linkages.CRITICAL_HEAP, int.class, long.class, MemorySegment.class, int.class, int.class),
    // int send(SOCKET s, const char *buf, int len, int flags): never blocks
    SEND("send", Linkages.CRITICAL_HEAP, int.class, long.class, MemorySegment.class, int.class, int.class),
    // int WSARecv(SOCKET, LPWSABUF, DWORD count, LPDWORD received, LPDWORD flags, LPWSAOVERLAPPED, completion)
    WSARECV("WSARecv", Linkages.CRITICAL, int.class, long.class, MemorySegment.class, int.class,
            MemorySegment.class, MemorySegment.class, MemorySegment.class, MemorySegment.class),
    // int WSASend(SOCKET, LPWSABUF, DWORD count, LPDWORD sent, DWORD flags, LPWSAOVERLAPPED, completion)
    WSASEND("WSASend", Linkages.CRITICAL, int.class, long.class, MemorySegment.class, int.class,
            MemorySegment.class, int.class, MemorySegment.class, MemorySegment.class),
    // int closesocket(SOCKET s)
    CLOSESOCKET("closesocket", Linkages.PLAIN, int.class, long.class),
    // int shutdown(SOCKET s, int how)
    SHUTDOWN("shutdown", Linkages.PLAIN, int.class, long.class, int.class),
    // int ioctlsocket(SOCKET s, long cmd, u_long *argp): long is 32-bit on Windows
    IOCTLSOCKET("ioctlsocket", Linkages.PLAIN, int.class, long.class, int.class, MemorySegment.class),
    // int getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen)
    GETSOCKOPT("getsockopt", Linkages.PLAIN, int.class, long.class, int.class, int.class,
            MemorySegment.class, MemorySegment.class),
    // int setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen)
    SETSOCKOPT("setsockopt", Linkages.PLAIN, int.class, long.class, int.class, int.class,
            MemorySegment.class, int.class),
    // int getsockname(SOCKET s, struct sockaddr *name, int *namelen)
    GETSOCKNAME("getsockname", Linkages.PLAIN, int.class, long.class, MemorySegment.class, MemorySegment.class),
    // int getpeername(SOCKET s, struct sockaddr *name, int *namelen)
    GETPEERNAME("getpeername", Linkages.PLAIN, int.class, long.class, MemorySegment.class, MemorySegment.class),
    // int WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout): may block; ULONG is 32-bit
    WSAPOLL("WSAPoll", Linkages.PLAIN, int.class, MemorySegment.class, int.class, int.class),
    // BOOL SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags) (kernel32)
    SET_HANDLE_INFORMATION("SetHandleInformation", Linkages.PLAIN_LAST_ERROR, int.class, MemorySegment.class,
            int.class, int.class),
    // HLOCAL LocalFree(HLOCAL hMem) (kernel32): NULL on success
    LOCAL_FREE("LocalFree", Linkages.PLAIN_LAST_ERROR, MemorySegment.class, MemorySegment.class),
    // HCS_OPERATION HcsCreateOperation(const void *context, HCS_OPERATION_COMPLETION callback) (computecore):
    // NULL on failure, with GetLastError (as microsoft/WSL's hcs.cpp reads it)
    HCS_CREATE_OPERATION("HcsCreateOperation", Linkages.PLAIN_LAST_ERROR, MemorySegment.class, MemorySegment.class,
            MemorySegment.class),
    // HRESULT HcsEnumerateComputeSystems(PCWSTR query, HCS_OPERATION operation) (computecore)
    HCS_ENUMERATE_COMPUTE_SYSTEMS("HcsEnumerateComputeSystems", Linkages.UNCAPTURED, int.class, MemorySegment.class,
            MemorySegment.class),
    // HRESULT HcsWaitForOperationResult(HCS_OPERATION operation, DWORD timeoutMs, PWSTR *resultDocument)
    HCS_WAIT_FOR_OPERATION_RESULT("HcsWaitForOperationResult", Linkages.UNCAPTURED, int.class, MemorySegment.class,
            int.class, MemorySegment.class),
    // void HcsCloseOperation(HCS_OPERATION operation) (computecore)
    HCS_CLOSE_OPERATION("HcsCloseOperation", Linkages.UNCAPTURED, void.class, MemorySegment.class),
    // HRESULT HcsEnumerateComputeSystems(PCWSTR query, PWSTR *computeSystems, PWSTR *result) (vmcompute, older)
    VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS("HcsEnumerateComputeSystems", Linkages.UNCAPTURED, int.class,
            MemorySegment.class, MemorySegment.class, MemorySegment.class),
    // void CoTaskMemFree(LPVOID pv) (ole32): frees what vmcompute returns
    CO_TASK_MEM_FREE("CoTaskMemFree", Linkages.UNCAPTURED, void.class, MemorySegment.class),
    // NTSTATUS RtlGetVersion(PRTL_OSVERSIONINFOW lpVersionInformation) (ntdll): always STATUS_SUCCESS
    RTL_GET_VERSION("RtlGetVersion", Linkages.UNCAPTURED, int.class, MemorySegment.class);

    /** How the Windows functions are linked. */
    private static final class Linkages {
        /** A ws2_32 call that may block or is not on a hot path; the Winsock error is captured. */
        static final Linkage PLAIN = new Linkage("WSAGetLastError", false, false);
        /** A ws2_32 call that never blocks and takes only native memory; no thread-state transition. */
        static final Linkage CRITICAL = new Linkage("WSAGetLastError", true, false);
        /** As {@link #CRITICAL}, and heap segments allowed, so heap buffers reach the OS without a copy. */
        static final Linkage CRITICAL_HEAP = new Linkage("WSAGetLastError", true, true);
        /** A kernel32 call; {@code GetLastError} is captured. */
        static final Linkage PLAIN_LAST_ERROR = new Linkage("GetLastError", false, false);
        /** A call whose result is its error (an HRESULT), or that cannot fail: nothing is captured. */
        static final Linkage UNCAPTURED = new Linkage(null, false, false);
    }

    private final Declaration declaration;

    Downcall(String symbol, Linkage linkage, Class<?> returnType, Class<?>... parameterTypes) {
        this.declaration = new Declaration(symbol, linkage, returnType, parameterTypes);
    }

    @Override
    public Declaration declaration() {
        return declaration;
    }
}
