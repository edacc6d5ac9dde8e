package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows.ComputeCore;
import dev.hvsock.internal.ffi.windows.Kernel32;
import dev.hvsock.internal.ffi.windows.VmCompute;
import dev.hvsock.internal.ffi.windows.WinSock;
import dev.hvsock.internal.platform.NativeFunction;

import java.lang.foreign.FunctionDescriptor;
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
            CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement(CapturedStates.name("WSAGetLastError")));
    private static final long LAST_ERROR_OFFSET =
            CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement(CapturedStates.name("GetLastError")));

    private static final MethodHandle SOCKET = link(Downcall.SOCKET, WinSock.socket$address(),
            WinSock.socket$descriptor());
    private static final MethodHandle ACCEPT = link(Downcall.ACCEPT, WinSock.accept$address(),
            WinSock.accept$descriptor());
    private static final MethodHandle BIND = link(Downcall.BIND, WinSock.bind$address(), WinSock.bind$descriptor());
    private static final MethodHandle LISTEN = link(Downcall.LISTEN, WinSock.listen$address(),
            WinSock.listen$descriptor());
    private static final MethodHandle CONNECT = link(Downcall.CONNECT, WinSock.connect$address(),
            WinSock.connect$descriptor());
    private static final MethodHandle RECV = link(Downcall.RECV, WinSock.recv$address(), WinSock.recv$descriptor());
    private static final MethodHandle SEND = link(Downcall.SEND, WinSock.send$address(), WinSock.send$descriptor());
    private static final MethodHandle WSARECV = link(Downcall.WSARECV, WinSock.WSARecv$address(),
            WinSock.WSARecv$descriptor());
    private static final MethodHandle WSASEND = link(Downcall.WSASEND, WinSock.WSASend$address(),
            WinSock.WSASend$descriptor());
    private static final MethodHandle CLOSESOCKET = link(Downcall.CLOSESOCKET, WinSock.closesocket$address(),
            WinSock.closesocket$descriptor());
    private static final MethodHandle SHUTDOWN = link(Downcall.SHUTDOWN, WinSock.shutdown$address(),
            WinSock.shutdown$descriptor());
    private static final MethodHandle IOCTLSOCKET = link(Downcall.IOCTLSOCKET, WinSock.ioctlsocket$address(),
            WinSock.ioctlsocket$descriptor());
    private static final MethodHandle GETSOCKOPT = link(Downcall.GETSOCKOPT, WinSock.getsockopt$address(),
            WinSock.getsockopt$descriptor());
    private static final MethodHandle SETSOCKOPT = link(Downcall.SETSOCKOPT, WinSock.setsockopt$address(),
            WinSock.setsockopt$descriptor());
    private static final MethodHandle GETSOCKNAME = link(Downcall.GETSOCKNAME, WinSock.getsockname$address(),
            WinSock.getsockname$descriptor());
    private static final MethodHandle WSAPOLL = link(Downcall.WSAPOLL, WinSock.WSAPoll$address(),
            WinSock.WSAPoll$descriptor());
    private static final MethodHandle SET_HANDLE_INFORMATION = link(Downcall.SET_HANDLE_INFORMATION,
            Kernel32.SetHandleInformation$address(), Kernel32.SetHandleInformation$descriptor());
    private static final MethodHandle LOCAL_FREE = link(Downcall.LOCAL_FREE, Kernel32.LocalFree$address(),
            Kernel32.LocalFree$descriptor());

    /** computecore.dll's functions (Windows 10 1809 and later), linked on first use. */
    private static final class ComputeCoreHandles {
        static final MethodHandle HCS_CREATE_OPERATION = link(Downcall.HCS_CREATE_OPERATION,
                ComputeCore.HcsCreateOperation$address(), ComputeCore.HcsCreateOperation$descriptor());
        static final MethodHandle HCS_ENUMERATE_COMPUTE_SYSTEMS = link(Downcall.HCS_ENUMERATE_COMPUTE_SYSTEMS,
                ComputeCore.HcsEnumerateComputeSystems$address(), ComputeCore.HcsEnumerateComputeSystems$descriptor());
        static final MethodHandle HCS_WAIT_FOR_OPERATION_RESULT = link(Downcall.HCS_WAIT_FOR_OPERATION_RESULT,
                ComputeCore.HcsWaitForOperationResult$address(), ComputeCore.HcsWaitForOperationResult$descriptor());
        static final MethodHandle HCS_CLOSE_OPERATION = link(Downcall.HCS_CLOSE_OPERATION,
                ComputeCore.HcsCloseOperation$address(), ComputeCore.HcsCloseOperation$descriptor());
    }

    /** vmcompute.dll's older function and ole32's CoTaskMemFree, linked on first use. */
    private static final class VmComputeHandles {
        static final MethodHandle VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS = link(
                Downcall.VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS, VmCompute.HcsEnumerateComputeSystems$address(),
                VmCompute.HcsEnumerateComputeSystems$descriptor());
        static final MethodHandle CO_TASK_MEM_FREE = link(Downcall.CO_TASK_MEM_FREE, VmCompute.CoTaskMemFree$address(),
                VmCompute.CoTaskMemFree$descriptor());
    }

    private Downcalls() {
    }

    /** Links {@code function}, capturing its OS error under the name this platform's linker knows it by. */
    private static MethodHandle link(Downcall function, MemorySegment address, FunctionDescriptor descriptor) {
        return function.link(address, descriptor, CapturedStates.name(function.capturedState()));
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

    static void coTaskMemFree(MemorySegment memory) {
        try {
            VmComputeHandles.CO_TASK_MEM_FREE.invokeExact(memory);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }
}
