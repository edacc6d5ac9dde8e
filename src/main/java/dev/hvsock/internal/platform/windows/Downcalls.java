package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.NativeFunction;

import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.EnumSet;

/**
 * One typed method per native function the Windows platform calls: each invokes its {@link Downcall}'s
 * handle (linked from the jextract-generated address and descriptor with the Winsock error captured by the
 * linker: a separate {@code WSAGetLastError} call afterwards could see an error the JVM itself caused in
 * between).
 *
 * <p>Each method invokes its handle with exactly its own parameter list and return type, which is the
 * handle's {@link Downcall#callSiteType()}: {@link Downcall#link} checks the handles, and a test
 * checks these methods' signatures and the class's {@code invokeExact} call sites against the same
 * types, so a descriptor that does not fit cannot go unnoticed until the first call on Windows.
 *
 * <p>{@link #link()} links the ws2_32 and kernel32 handles when the platform starts, which opens those DLLs:
 * Windows only. The Host Compute Service's handles are linked when first called: {@code computecore.dll}
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

    private Downcalls() {
    }

    /**
     * Links every ws2_32 and kernel32 handle (the constants from {@link Downcall#SOCKET} to
     * {@link Downcall#LOCAL_FREE}), so that a binding that cannot be linked fails when the platform starts;
     * the Host Compute Service's are linked when first called.
     */
    static void link() {
        for (Downcall function : EnumSet.range(Downcall.SOCKET, Downcall.LOCAL_FREE)) {
            function.handle();
        }
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
            return (long) Downcall.SOCKET.handle().invokeExact(callState, af, type, protocol);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static long accept(MemorySegment callState, long s, MemorySegment addr, MemorySegment addrlen) {
        try {
            return (long) Downcall.ACCEPT.handle().invokeExact(callState, s, addr, addrlen);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int bind(MemorySegment callState, long s, MemorySegment name, int namelen) {
        try {
            return (int) Downcall.BIND.handle().invokeExact(callState, s, name, namelen);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int listen(MemorySegment callState, long s, int backlog) {
        try {
            return (int) Downcall.LISTEN.handle().invokeExact(callState, s, backlog);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int connect(MemorySegment callState, long s, MemorySegment name, int namelen) {
        try {
            return (int) Downcall.CONNECT.handle().invokeExact(callState, s, name, namelen);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int recv(MemorySegment callState, long s, MemorySegment buf, int len, int flags) {
        try {
            return (int) Downcall.RECV.handle().invokeExact(callState, s, buf, len, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int send(MemorySegment callState, long s, MemorySegment buf, int len, int flags) {
        try {
            return (int) Downcall.SEND.handle().invokeExact(callState, s, buf, len, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int wsaRecv(MemorySegment callState, long s, MemorySegment buffers, int count, MemorySegment received,
                       MemorySegment flags, MemorySegment overlapped, MemorySegment completion) {
        try {
            return (int) Downcall.WSARECV.handle().invokeExact(callState, s, buffers, count, received, flags,
                    overlapped, completion);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int wsaSend(MemorySegment callState, long s, MemorySegment buffers, int count, MemorySegment sent,
                       int flags, MemorySegment overlapped, MemorySegment completion) {
        try {
            return (int) Downcall.WSASEND.handle().invokeExact(callState, s, buffers, count, sent, flags,
                    overlapped, completion);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int closesocket(MemorySegment callState, long s) {
        try {
            return (int) Downcall.CLOSESOCKET.handle().invokeExact(callState, s);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int shutdown(MemorySegment callState, long s, int how) {
        try {
            return (int) Downcall.SHUTDOWN.handle().invokeExact(callState, s, how);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int ioctlsocket(MemorySegment callState, long s, int cmd, MemorySegment argp) {
        try {
            return (int) Downcall.IOCTLSOCKET.handle().invokeExact(callState, s, cmd, argp);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int getsockopt(MemorySegment callState, long s, int level, int name, MemorySegment value,
                          MemorySegment length) {
        try {
            return (int) Downcall.GETSOCKOPT.handle().invokeExact(callState, s, level, name, value, length);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int setsockopt(MemorySegment callState, long s, int level, int name, MemorySegment value, int length) {
        try {
            return (int) Downcall.SETSOCKOPT.handle().invokeExact(callState, s, level, name, value, length);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int getsockname(MemorySegment callState, long s, MemorySegment name, MemorySegment namelen) {
        try {
            return (int) Downcall.GETSOCKNAME.handle().invokeExact(callState, s, name, namelen);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int wsaPoll(MemorySegment callState, MemorySegment fds, int count, int timeoutMillis) {
        try {
            return (int) Downcall.WSAPOLL.handle().invokeExact(callState, fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int setHandleInformation(MemorySegment callState, MemorySegment handle, int mask, int flags) {
        try {
            return (int) Downcall.SET_HANDLE_INFORMATION.handle().invokeExact(callState, handle, mask, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static MemorySegment localFree(MemorySegment callState, MemorySegment memory) {
        try {
            return (MemorySegment) Downcall.LOCAL_FREE.handle().invokeExact(callState, memory);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static MemorySegment hcsCreateOperation(MemorySegment callState, MemorySegment context, MemorySegment callback) {
        try {
            return (MemorySegment) Downcall.HCS_CREATE_OPERATION.handle().invokeExact(callState, context, callback);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int hcsEnumerateComputeSystems(MemorySegment query, MemorySegment operation) {
        try {
            return (int) Downcall.HCS_ENUMERATE_COMPUTE_SYSTEMS.handle().invokeExact(query, operation);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int hcsWaitForOperationResult(MemorySegment operation, int timeoutMillis, MemorySegment resultDocument) {
        try {
            return (int) Downcall.HCS_WAIT_FOR_OPERATION_RESULT.handle().invokeExact(operation, timeoutMillis,
                    resultDocument);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static void hcsCloseOperation(MemorySegment operation) {
        try {
            Downcall.HCS_CLOSE_OPERATION.handle().invokeExact(operation);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int vmcomputeEnumerateComputeSystems(MemorySegment query, MemorySegment computeSystems,
                                                MemorySegment result) {
        try {
            return (int) Downcall.VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS.handle().invokeExact(query, computeSystems,
                    result);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static void coTaskMemFree(MemorySegment memory) {
        try {
            Downcall.CO_TASK_MEM_FREE.handle().invokeExact(memory);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }
}
