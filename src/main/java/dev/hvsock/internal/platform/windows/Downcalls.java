package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows.ComputeCore;
import dev.hvsock.internal.ffi.windows.Kernel32;
import dev.hvsock.internal.ffi.windows.NtDll;
import dev.hvsock.internal.ffi.windows.VmCompute;
import dev.hvsock.internal.ffi.windows.WinSock;
import dev.hvsock.internal.platform.NativeFunction;

import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The downcall handles of the Windows platform, linked from the jextract-generated addresses and
 * descriptors with the Winsock error captured by the linker (a separate {@code WSAGetLastError} call
 * afterwards could see an error the JVM itself caused in between), and one typed method per function.
 *
 * <p>Each method invokes its handle with exactly its own parameter list and return type, which is the
 * handle's {@link Downcall#callSiteType()}: {@link Downcall#link} checks the handles here, and a test
 * checks these methods' signatures and the class's {@code invokeExact} call sites against the same
 * types, so a descriptor that does not fit cannot go unnoticed until the first call on Windows.
 *
 * <p>Initializing this class opens {@code ws2_32.dll} and {@code kernel32.dll}: Windows only. The Host Compute
 * Service's handles are linked when first called, in holder classes of their own: {@code computecore.dll}
 * and {@code vmcompute.dll} are not on every Windows, and {@link HostComputeService} calls only the one
 * it found.
 */
final class Downcalls {
    /** The layout of the call-state segment every method takes first. */
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long WSA_ERROR_OFFSET =
            CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("WSAGetLastError"));
    private static final long LAST_ERROR_OFFSET =
            CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("GetLastError"));

    private static final MethodHandle SOCKET = Downcall.SOCKET.link(WinSock.socket$address(),
            WinSock.socket$descriptor());
    private static final MethodHandle WSA_SOCKET_W = Downcall.WSA_SOCKET_W.link(WinSock.WSASocketW$address(),
            WinSock.WSASocketW$descriptor());
    private static final MethodHandle ACCEPT = Downcall.ACCEPT.link(WinSock.accept$address(),
            WinSock.accept$descriptor());
    private static final MethodHandle BIND = Downcall.BIND.link(WinSock.bind$address(), WinSock.bind$descriptor());
    private static final MethodHandle LISTEN = Downcall.LISTEN.link(WinSock.listen$address(),
            WinSock.listen$descriptor());
    private static final MethodHandle CONNECT = Downcall.CONNECT.link(WinSock.connect$address(),
            WinSock.connect$descriptor());
    private static final MethodHandle RECV = Downcall.RECV.link(WinSock.recv$address(), WinSock.recv$descriptor());
    private static final MethodHandle SEND = Downcall.SEND.link(WinSock.send$address(), WinSock.send$descriptor());
    private static final MethodHandle WSARECV = Downcall.WSARECV.link(WinSock.WSARecv$address(),
            WinSock.WSARecv$descriptor());
    private static final MethodHandle WSASEND = Downcall.WSASEND.link(WinSock.WSASend$address(),
            WinSock.WSASend$descriptor());
    private static final MethodHandle CLOSESOCKET = Downcall.CLOSESOCKET.link(WinSock.closesocket$address(),
            WinSock.closesocket$descriptor());
    private static final MethodHandle SHUTDOWN = Downcall.SHUTDOWN.link(WinSock.shutdown$address(),
            WinSock.shutdown$descriptor());
    private static final MethodHandle IOCTLSOCKET = Downcall.IOCTLSOCKET.link(WinSock.ioctlsocket$address(),
            WinSock.ioctlsocket$descriptor());
    private static final MethodHandle GETSOCKOPT = Downcall.GETSOCKOPT.link(WinSock.getsockopt$address(),
            WinSock.getsockopt$descriptor());
    private static final MethodHandle SETSOCKOPT = Downcall.SETSOCKOPT.link(WinSock.setsockopt$address(),
            WinSock.setsockopt$descriptor());
    private static final MethodHandle GETSOCKNAME = Downcall.GETSOCKNAME.link(WinSock.getsockname$address(),
            WinSock.getsockname$descriptor());
    private static final MethodHandle GETPEERNAME = Downcall.GETPEERNAME.link(WinSock.getpeername$address(),
            WinSock.getpeername$descriptor());
    private static final MethodHandle WSAPOLL = Downcall.WSAPOLL.link(WinSock.WSAPoll$address(),
            WinSock.WSAPoll$descriptor());
    private static final MethodHandle SET_HANDLE_INFORMATION = Downcall.SET_HANDLE_INFORMATION.link(
            Kernel32.SetHandleInformation$address(), Kernel32.SetHandleInformation$descriptor());
    private static final MethodHandle LOCAL_FREE = Downcall.LOCAL_FREE.link(Kernel32.LocalFree$address(),
            Kernel32.LocalFree$descriptor());

    /** ntdll.dll's RtlGetVersion, linked on first use. */
    private static final class NtDllHandles {
        static final MethodHandle RTL_GET_VERSION = Downcall.RTL_GET_VERSION.link(NtDll.RtlGetVersion$address(),
                NtDll.RtlGetVersion$descriptor());
    }

    /** computecore.dll's functions (Windows 10 1809 and later), linked on first use. */
    private static final class ComputeCoreHandles {
        static final MethodHandle HCS_CREATE_OPERATION = Downcall.HCS_CREATE_OPERATION.link(
                ComputeCore.HcsCreateOperation$address(), ComputeCore.HcsCreateOperation$descriptor());
        static final MethodHandle HCS_ENUMERATE_COMPUTE_SYSTEMS = Downcall.HCS_ENUMERATE_COMPUTE_SYSTEMS.link(
                ComputeCore.HcsEnumerateComputeSystems$address(), ComputeCore.HcsEnumerateComputeSystems$descriptor());
        static final MethodHandle HCS_WAIT_FOR_OPERATION_RESULT = Downcall.HCS_WAIT_FOR_OPERATION_RESULT.link(
                ComputeCore.HcsWaitForOperationResult$address(), ComputeCore.HcsWaitForOperationResult$descriptor());
        static final MethodHandle HCS_CLOSE_OPERATION = Downcall.HCS_CLOSE_OPERATION.link(
                ComputeCore.HcsCloseOperation$address(), ComputeCore.HcsCloseOperation$descriptor());
    }

    /** vmcompute.dll's older function and ole32's CoTaskMemFree, linked on first use. */
    private static final class VmComputeHandles {
        static final MethodHandle VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS = Downcall.VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS
                .link(VmCompute.HcsEnumerateComputeSystems$address(),
                        VmCompute.HcsEnumerateComputeSystems$descriptor());
        static final MethodHandle CO_TASK_MEM_FREE = Downcall.CO_TASK_MEM_FREE.link(VmCompute.CoTaskMemFree$address(),
                VmCompute.CoTaskMemFree$descriptor());
    }

    private Downcalls() {
    }

    /** Links every handle (by initializing this class): a binding that cannot be linked fails here. */
    static void link() {
        // the static initializer has run once this method runs
    }

    /** The Winsock error ({@code WSAGetLastError}) a ws2_32 call left in {@code callState}. */
    static int wsaError(MemorySegment callState) {
        return callState.get(ValueLayout.JAVA_INT, WSA_ERROR_OFFSET);
    }

    /** The Win32 error ({@code GetLastError}) a kernel32 call left in {@code callState}. */
    static int lastError(MemorySegment callState) {
        return callState.get(ValueLayout.JAVA_INT, LAST_ERROR_OFFSET);
    }

    static long socket(MemorySegment callState, int af, int type, int protocol) {
        try {
            return (long) SOCKET.invokeExact(callState, af, type, protocol);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static long wsaSocketW(MemorySegment callState, int af, int type, int protocol, MemorySegment protocolInfo,
                           int group, int flags) {
        try {
            return (long) WSA_SOCKET_W.invokeExact(callState, af, type, protocol, protocolInfo, group, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static long accept(MemorySegment callState, long s, MemorySegment addr, MemorySegment addrlen) {
        try {
            return (long) ACCEPT.invokeExact(callState, s, addr, addrlen);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int bind(MemorySegment callState, long s, MemorySegment name, int namelen) {
        try {
            return (int) BIND.invokeExact(callState, s, name, namelen);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int listen(MemorySegment callState, long s, int backlog) {
        try {
            return (int) LISTEN.invokeExact(callState, s, backlog);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int connect(MemorySegment callState, long s, MemorySegment name, int namelen) {
        try {
            return (int) CONNECT.invokeExact(callState, s, name, namelen);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int recv(MemorySegment callState, long s, MemorySegment buf, int len, int flags) {
        try {
            return (int) RECV.invokeExact(callState, s, buf, len, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int send(MemorySegment callState, long s, MemorySegment buf, int len, int flags) {
        try {
            return (int) SEND.invokeExact(callState, s, buf, len, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int wsaRecv(MemorySegment callState, long s, MemorySegment buffers, int count, MemorySegment received,
                       MemorySegment flags, MemorySegment overlapped, MemorySegment completion) {
        try {
            return (int) WSARECV.invokeExact(callState, s, buffers, count, received, flags, overlapped, completion);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int wsaSend(MemorySegment callState, long s, MemorySegment buffers, int count, MemorySegment sent,
                       int flags, MemorySegment overlapped, MemorySegment completion) {
        try {
            return (int) WSASEND.invokeExact(callState, s, buffers, count, sent, flags, overlapped, completion);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int closesocket(MemorySegment callState, long s) {
        try {
            return (int) CLOSESOCKET.invokeExact(callState, s);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int shutdown(MemorySegment callState, long s, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(callState, s, how);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int ioctlsocket(MemorySegment callState, long s, int cmd, MemorySegment argp) {
        try {
            return (int) IOCTLSOCKET.invokeExact(callState, s, cmd, argp);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int getsockopt(MemorySegment callState, long s, int level, int name, MemorySegment value,
                          MemorySegment length) {
        try {
            return (int) GETSOCKOPT.invokeExact(callState, s, level, name, value, length);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int setsockopt(MemorySegment callState, long s, int level, int name, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(callState, s, level, name, value, length);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int getsockname(MemorySegment callState, long s, MemorySegment name, MemorySegment namelen) {
        try {
            return (int) GETSOCKNAME.invokeExact(callState, s, name, namelen);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int getpeername(MemorySegment callState, long s, MemorySegment name, MemorySegment namelen) {
        try {
            return (int) GETPEERNAME.invokeExact(callState, s, name, namelen);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int wsaPoll(MemorySegment callState, MemorySegment fds, int count, int timeoutMillis) {
        try {
            return (int) WSAPOLL.invokeExact(callState, fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int setHandleInformation(MemorySegment callState, MemorySegment handle, int mask, int flags) {
        try {
            return (int) SET_HANDLE_INFORMATION.invokeExact(callState, handle, mask, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static MemorySegment localFree(MemorySegment callState, MemorySegment memory) {
        try {
            return (MemorySegment) LOCAL_FREE.invokeExact(callState, memory);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static MemorySegment hcsCreateOperation(MemorySegment callState, MemorySegment context, MemorySegment callback) {
        try {
            return (MemorySegment) ComputeCoreHandles.HCS_CREATE_OPERATION.invokeExact(callState, context, callback);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int hcsEnumerateComputeSystems(MemorySegment query, MemorySegment operation) {
        try {
            return (int) ComputeCoreHandles.HCS_ENUMERATE_COMPUTE_SYSTEMS.invokeExact(query, operation);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int hcsWaitForOperationResult(MemorySegment operation, int timeoutMillis, MemorySegment resultDocument) {
        try {
            return (int) ComputeCoreHandles.HCS_WAIT_FOR_OPERATION_RESULT.invokeExact(operation, timeoutMillis,
                    resultDocument);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static void hcsCloseOperation(MemorySegment operation) {
        try {
            ComputeCoreHandles.HCS_CLOSE_OPERATION.invokeExact(operation);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int vmcomputeEnumerateComputeSystems(MemorySegment query, MemorySegment computeSystems,
                                                MemorySegment result) {
        try {
            return (int) VmComputeHandles.VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS.invokeExact(query, computeSystems,
                    result);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int rtlGetVersion(MemorySegment versionInformation) {
        try {
            return (int) NtDllHandles.RTL_GET_VERSION.invokeExact(versionInformation);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static void coTaskMemFree(MemorySegment memory) {
        try {
            VmComputeHandles.CO_TASK_MEM_FREE.invokeExact(memory);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }
}
