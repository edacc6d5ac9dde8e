package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows.ComputeCore;
import dev.hvsock.internal.ffi.windows.Kernel32;
import dev.hvsock.internal.ffi.windows.VmCompute;
import dev.hvsock.internal.ffi.windows.WinSock;
import dev.hvsock.internal.platform.NativeFunction;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

/**
 * Every native function the Windows platform calls through its own downcall handle: the symbol, how it
 * is linked, the jextract-generated address and descriptor it is linked against, and the Java type the
 * platform calls it with (see {@link NativeFunction}). Each constant owns its handle, linked on first use
 * ({@link #handle()}); {@link Downcalls} has the typed method that calls it. Adding a function is a constant
 * here and its typed method there.
 *
 * <p>This enum touches no native library until a handle is asked for (the generated classes are reached
 * through lambdas, not method references, so they are not even loaded before), so the signatures can be
 * checked on any OS (the tests link them at a dummy address on Linux).
 *
 * <p>Public only for the tests in {@code dev.hvsock.windows}; the package is not exported.
 */
public enum Downcall implements NativeFunction {
    // SOCKET socket(int af, int type, int protocol)
    SOCKET("socket", Linkages.PLAIN, () -> WinSock.socket$address(), () -> WinSock.socket$descriptor(), long.class,
            int.class, int.class, int.class),
    // SOCKET accept(SOCKET s, struct sockaddr *addr, int *addrlen)
    ACCEPT("accept", Linkages.PLAIN, () -> WinSock.accept$address(), () -> WinSock.accept$descriptor(), long.class,
            long.class, MemorySegment.class, MemorySegment.class),
    // int bind(SOCKET s, const struct sockaddr *name, int namelen)
    BIND("bind", Linkages.PLAIN, () -> WinSock.bind$address(), () -> WinSock.bind$descriptor(), int.class, long.class,
            MemorySegment.class, int.class),
    // int listen(SOCKET s, int backlog)
    LISTEN("listen", Linkages.PLAIN, () -> WinSock.listen$address(), () -> WinSock.listen$descriptor(), int.class,
            long.class, int.class),
    // int connect(SOCKET s, const struct sockaddr *name, int namelen)
    CONNECT("connect", Linkages.PLAIN, () -> WinSock.connect$address(), () -> WinSock.connect$descriptor(), int.class,
            long.class, MemorySegment.class, int.class),
    // int recv(SOCKET s, char *buf, int len, int flags): never blocks (the socket is non-blocking)
    RECV("recv", Linkages.CRITICAL_HEAP, () -> WinSock.recv$address(), () -> WinSock.recv$descriptor(), int.class,
            long.class, MemorySegment.class, int.class, int.class),
    // int send(SOCKET s, const char *buf, int len, int flags): never blocks
    SEND("send", Linkages.CRITICAL_HEAP, () -> WinSock.send$address(), () -> WinSock.send$descriptor(), int.class,
            long.class, MemorySegment.class, int.class, int.class),
    // int WSARecv(SOCKET, LPWSABUF, DWORD count, LPDWORD received, LPDWORD flags, LPWSAOVERLAPPED, completion)
    WSARECV("WSARecv", Linkages.CRITICAL, () -> WinSock.WSARecv$address(), () -> WinSock.WSARecv$descriptor(),
            int.class, long.class, MemorySegment.class, int.class, MemorySegment.class, MemorySegment.class,
            MemorySegment.class, MemorySegment.class),
    // int WSASend(SOCKET, LPWSABUF, DWORD count, LPDWORD sent, DWORD flags, LPWSAOVERLAPPED, completion)
    WSASEND("WSASend", Linkages.CRITICAL, () -> WinSock.WSASend$address(), () -> WinSock.WSASend$descriptor(),
            int.class, long.class, MemorySegment.class, int.class, MemorySegment.class, int.class, MemorySegment.class,
            MemorySegment.class),
    // int closesocket(SOCKET s)
    CLOSESOCKET("closesocket", Linkages.PLAIN, () -> WinSock.closesocket$address(),
            () -> WinSock.closesocket$descriptor(), int.class, long.class),
    // int shutdown(SOCKET s, int how)
    SHUTDOWN("shutdown", Linkages.PLAIN, () -> WinSock.shutdown$address(), () -> WinSock.shutdown$descriptor(),
            int.class, long.class, int.class),
    // int ioctlsocket(SOCKET s, long cmd, u_long *argp): long is 32-bit on Windows
    IOCTLSOCKET("ioctlsocket", Linkages.PLAIN, () -> WinSock.ioctlsocket$address(),
            () -> WinSock.ioctlsocket$descriptor(), int.class, long.class, int.class, MemorySegment.class),
    // int getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen)
    GETSOCKOPT("getsockopt", Linkages.PLAIN, () -> WinSock.getsockopt$address(), () -> WinSock.getsockopt$descriptor(),
            int.class, long.class, int.class, int.class, MemorySegment.class, MemorySegment.class),
    // int setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen)
    SETSOCKOPT("setsockopt", Linkages.PLAIN, () -> WinSock.setsockopt$address(), () -> WinSock.setsockopt$descriptor(),
            int.class, long.class, int.class, int.class, MemorySegment.class, int.class),
    // int getsockname(SOCKET s, struct sockaddr *name, int *namelen)
    GETSOCKNAME("getsockname", Linkages.PLAIN, () -> WinSock.getsockname$address(),
            () -> WinSock.getsockname$descriptor(), int.class, long.class, MemorySegment.class, MemorySegment.class),
    // int WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout): may block; ULONG is 32-bit
    WSAPOLL("WSAPoll", Linkages.PLAIN, () -> WinSock.WSAPoll$address(), () -> WinSock.WSAPoll$descriptor(), int.class,
            MemorySegment.class, int.class, int.class),
    // BOOL SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags) (kernel32)
    SET_HANDLE_INFORMATION("SetHandleInformation", Linkages.PLAIN_LAST_ERROR,
            () -> Kernel32.SetHandleInformation$address(), () -> Kernel32.SetHandleInformation$descriptor(), int.class,
            MemorySegment.class, int.class, int.class),
    // HLOCAL LocalFree(HLOCAL hMem) (kernel32): NULL on success
    LOCAL_FREE("LocalFree", Linkages.PLAIN_LAST_ERROR, () -> Kernel32.LocalFree$address(),
            () -> Kernel32.LocalFree$descriptor(), MemorySegment.class, MemorySegment.class),
    // HCS_OPERATION HcsCreateOperation(const void *context, HCS_OPERATION_COMPLETION callback) (computecore):
    // NULL on failure, with GetLastError (as microsoft/WSL's hcs.cpp reads it)
    HCS_CREATE_OPERATION("HcsCreateOperation", Linkages.PLAIN_LAST_ERROR,
            () -> ComputeCore.HcsCreateOperation$address(), () -> ComputeCore.HcsCreateOperation$descriptor(),
            MemorySegment.class, MemorySegment.class, MemorySegment.class),
    // HRESULT HcsEnumerateComputeSystems(PCWSTR query, HCS_OPERATION operation) (computecore)
    HCS_ENUMERATE_COMPUTE_SYSTEMS("HcsEnumerateComputeSystems", Linkages.UNCAPTURED,
            () -> ComputeCore.HcsEnumerateComputeSystems$address(),
            () -> ComputeCore.HcsEnumerateComputeSystems$descriptor(), int.class, MemorySegment.class,
            MemorySegment.class),
    // HRESULT HcsWaitForOperationResult(HCS_OPERATION operation, DWORD timeoutMs, PWSTR *resultDocument)
    HCS_WAIT_FOR_OPERATION_RESULT("HcsWaitForOperationResult", Linkages.UNCAPTURED,
            () -> ComputeCore.HcsWaitForOperationResult$address(),
            () -> ComputeCore.HcsWaitForOperationResult$descriptor(), int.class, MemorySegment.class, int.class,
            MemorySegment.class),
    // void HcsCloseOperation(HCS_OPERATION operation) (computecore)
    HCS_CLOSE_OPERATION("HcsCloseOperation", Linkages.UNCAPTURED, () -> ComputeCore.HcsCloseOperation$address(),
            () -> ComputeCore.HcsCloseOperation$descriptor(), void.class, MemorySegment.class),
    // HRESULT HcsEnumerateComputeSystems(PCWSTR query, PWSTR *computeSystems, PWSTR *result) (vmcompute, older)
    VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS("HcsEnumerateComputeSystems", Linkages.UNCAPTURED,
            () -> VmCompute.HcsEnumerateComputeSystems$address(),
            () -> VmCompute.HcsEnumerateComputeSystems$descriptor(), int.class, MemorySegment.class,
            MemorySegment.class, MemorySegment.class),
    // void CoTaskMemFree(LPVOID pv) (ole32): frees what vmcompute returns
    CO_TASK_MEM_FREE("CoTaskMemFree", Linkages.UNCAPTURED, () -> VmCompute.CoTaskMemFree$address(),
            () -> VmCompute.CoTaskMemFree$descriptor(), void.class, MemorySegment.class);

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
    private final LazyHandle handle;

    Downcall(String symbol, Linkage linkage, Supplier<MemorySegment> address, Supplier<FunctionDescriptor> descriptor,
             Class<?> returnType, Class<?>... parameterTypes) {
        this.declaration = new Declaration(symbol, linkage, returnType, parameterTypes);
        this.handle = new LazyHandle(address, descriptor);
    }

    @Override
    public Declaration declaration() {
        return declaration;
    }

    /**
     * The downcall handle, linked on first use against the generated address and descriptor (which opens the
     * function's DLL: Windows only).
     */
    MethodHandle handle() {
        return handle.get(this);
    }
}
