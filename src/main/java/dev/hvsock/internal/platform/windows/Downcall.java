package dev.hvsock.internal.platform.windows;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Every native function the Windows platform calls through its own downcall handle: the symbol, how it
 * is linked, and the Java type the platform calls it with. {@link Downcalls} links each one against
 * the jextract-generated address and descriptor; {@link #link} refuses a handle whose type differs from
 * the declared one, so a descriptor that does not fit the call sites fails at once, naming the
 * function, instead of as a {@code WrongMethodTypeException} deep inside some operation.
 *
 * <p>This enum touches no native library, so the signatures can be checked on any OS (the tests link
 * them at a dummy address on Linux).
 *
 * <p>Public only for the tests in {@code dev.hvsock.windows}; the package is not exported.
 */
public enum Downcall {
    // SOCKET socket(int af, int type, int protocol)
    SOCKET("socket", Linkage.PLAIN, long.class, int.class, int.class, int.class),
    // SOCKET accept(SOCKET s, struct sockaddr *addr, int *addrlen)
    ACCEPT("accept", Linkage.PLAIN, long.class, long.class, MemorySegment.class, MemorySegment.class),
    // int bind(SOCKET s, const struct sockaddr *name, int namelen)
    BIND("bind", Linkage.PLAIN, int.class, long.class, MemorySegment.class, int.class),
    // int listen(SOCKET s, int backlog)
    LISTEN("listen", Linkage.PLAIN, int.class, long.class, int.class),
    // int connect(SOCKET s, const struct sockaddr *name, int namelen)
    CONNECT("connect", Linkage.PLAIN, int.class, long.class, MemorySegment.class, int.class),
    // int recv(SOCKET s, char *buf, int len, int flags): never blocks (the socket is non-blocking)
    RECV("recv", Linkage.CRITICAL_HEAP, int.class, long.class, MemorySegment.class, int.class, int.class),
    // int send(SOCKET s, const char *buf, int len, int flags): never blocks
    SEND("send", Linkage.CRITICAL_HEAP, int.class, long.class, MemorySegment.class, int.class, int.class),
    // int WSARecv(SOCKET, LPWSABUF, DWORD count, LPDWORD received, LPDWORD flags, LPWSAOVERLAPPED, completion)
    WSARECV("WSARecv", Linkage.CRITICAL, int.class, long.class, MemorySegment.class, int.class,
            MemorySegment.class, MemorySegment.class, MemorySegment.class, MemorySegment.class),
    // int WSASend(SOCKET, LPWSABUF, DWORD count, LPDWORD sent, DWORD flags, LPWSAOVERLAPPED, completion)
    WSASEND("WSASend", Linkage.CRITICAL, int.class, long.class, MemorySegment.class, int.class,
            MemorySegment.class, int.class, MemorySegment.class, MemorySegment.class),
    // int closesocket(SOCKET s)
    CLOSESOCKET("closesocket", Linkage.PLAIN, int.class, long.class),
    // int shutdown(SOCKET s, int how)
    SHUTDOWN("shutdown", Linkage.PLAIN, int.class, long.class, int.class),
    // int ioctlsocket(SOCKET s, long cmd, u_long *argp): long is 32-bit on Windows
    IOCTLSOCKET("ioctlsocket", Linkage.PLAIN, int.class, long.class, int.class, MemorySegment.class),
    // int getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen)
    GETSOCKOPT("getsockopt", Linkage.PLAIN, int.class, long.class, int.class, int.class,
            MemorySegment.class, MemorySegment.class),
    // int setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen)
    SETSOCKOPT("setsockopt", Linkage.PLAIN, int.class, long.class, int.class, int.class,
            MemorySegment.class, int.class),
    // int getsockname(SOCKET s, struct sockaddr *name, int *namelen)
    GETSOCKNAME("getsockname", Linkage.PLAIN, int.class, long.class, MemorySegment.class, MemorySegment.class),
    // int getpeername(SOCKET s, struct sockaddr *name, int *namelen)
    GETPEERNAME("getpeername", Linkage.PLAIN, int.class, long.class, MemorySegment.class, MemorySegment.class),
    // int WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout): may block; ULONG is 32-bit
    WSAPOLL("WSAPoll", Linkage.PLAIN, int.class, MemorySegment.class, int.class, int.class),
    // BOOL SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags) (kernel32)
    SET_HANDLE_INFORMATION("SetHandleInformation", Linkage.PLAIN_LAST_ERROR, int.class, MemorySegment.class,
            int.class, int.class);

    /** How a function is linked: which error it leaves behind, and whether it is a critical call. */
    public enum Linkage {
        /** A ws2_32 call that may block or is not on a hot path; the Winsock error is captured. */
        PLAIN("WSAGetLastError", false, false),
        /** A ws2_32 call that never blocks and takes only native memory; no thread-state transition. */
        CRITICAL("WSAGetLastError", true, false),
        /** As {@link #CRITICAL}, and heap segments allowed, so heap buffers reach the OS without a copy. */
        CRITICAL_HEAP("WSAGetLastError", true, true),
        /** A kernel32 call; {@code GetLastError} is captured. */
        PLAIN_LAST_ERROR("GetLastError", false, false);

        public final String capturedState;
        public final boolean critical;
        public final boolean heapAccess;

        Linkage(String capturedState, boolean critical, boolean heapAccess) {
            this.capturedState = capturedState;
            this.critical = critical;
            this.heapAccess = heapAccess;
        }
    }

    public final String symbol;
    public final Linkage linkage;
    private final MethodType nativeType;

    Downcall(String symbol, Linkage linkage, Class<?> returnType, Class<?>... parameterTypes) {
        this.symbol = symbol;
        this.linkage = linkage;
        this.nativeType = MethodType.methodType(returnType, parameterTypes);
    }

    /** The type the platform invokes the handle with: the call-state segment, then the C parameters. */
    public MethodType callSiteType() {
        return nativeType.insertParameterTypes(0, MemorySegment.class);
    }

    /**
     * Links this function at {@code address} with the generated {@code descriptor}, capturing
     * {@code capturedState} (the linkage's on Windows; tests on Linux pass {@code "errno"}, all there is).
     *
     * @throws IllegalStateException if the descriptor gives a handle of another type than {@link #callSiteType()}
     */
    public MethodHandle link(MemorySegment address, FunctionDescriptor descriptor, String capturedState) {
        Linker.Option capture = Linker.Option.captureCallState(capturedState);
        MethodHandle handle = linkage.critical
                ? Linker.nativeLinker().downcallHandle(address, descriptor, capture,
                        Linker.Option.critical(linkage.heapAccess))
                : Linker.nativeLinker().downcallHandle(address, descriptor, capture);
        if (!handle.type().equals(callSiteType())) {
            throw new IllegalStateException("the generated descriptor of " + symbol + " " + descriptor
                    + " links as " + handle.type() + ", but the Windows platform calls it as " + callSiteType()
                    + ": regenerate the bindings or fix the call sites");
        }
        return handle;
    }
}
