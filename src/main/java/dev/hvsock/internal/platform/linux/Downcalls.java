package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.platform.NativeFunction;

import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * One typed method per libc function the Linux platform calls: each invokes its {@link Downcall}'s handle
 * (linked from the jextract-generated address and descriptor with {@code errno} captured by the linker:
 * reading it with a second call afterwards is unreliable, the JVM may have run code in between that changed
 * it).
 *
 * <p>Each method invokes its handle with exactly its own parameter list and return type, which is the
 * handle's {@link Downcall#callSiteType()}: {@link Downcall#link} checks the handles, and a test
 * checks these methods' signatures and the class's {@code invokeExact} call sites against the same types.
 * The methods only call: what a result or an {@code errno} means is the caller's business.
 */
final class Downcalls {
    /** The layout of the call-state segment the methods take first. */
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private Downcalls() {
    }

    /** Links every handle, so that a binding that cannot be linked fails when the platform starts. */
    static void link() {
        for (Downcall function : Downcall.values()) {
            function.handle();
        }
    }

    /** The {@code errno} a call left in {@code callState}. */
    static int errno(MemorySegment callState) {
        return callState.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    static int socket(MemorySegment callState, int domain, int type, int protocol) {
        try {
            return (int) Downcall.SOCKET.handle().invokeExact(callState, domain, type, protocol);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int bind(MemorySegment callState, int fd, MemorySegment addr, int len) {
        try {
            return (int) Downcall.BIND.handle().invokeExact(callState, fd, addr, len);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int listen(MemorySegment callState, int fd, int backlog) {
        try {
            return (int) Downcall.LISTEN.handle().invokeExact(callState, fd, backlog);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int accept4(MemorySegment callState, int fd, MemorySegment addr, MemorySegment len, int flags) {
        try {
            return (int) Downcall.ACCEPT4.handle().invokeExact(callState, fd, addr, len, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int connect(MemorySegment callState, int fd, MemorySegment addr, int len) {
        try {
            return (int) Downcall.CONNECT.handle().invokeExact(callState, fd, addr, len);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    /** Critical, heap segments allowed: only with {@code MSG_DONTWAIT}, so that it never waits. */
    static long recv(MemorySegment callState, int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) Downcall.RECV.handle().invokeExact(callState, fd, buf, n, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    /** Critical, heap segments allowed: only with {@code MSG_DONTWAIT}, so that it never waits. */
    static long send(MemorySegment callState, int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) Downcall.SEND.handle().invokeExact(callState, fd, buf, n, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    /** {@code recv} that may wait in the kernel; native memory only. */
    static long recvBlocking(MemorySegment callState, int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) Downcall.RECV_BLOCKING.handle().invokeExact(callState, fd, buf, n, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    /** {@code send} that may wait in the kernel; native memory only. */
    static long sendBlocking(MemorySegment callState, int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) Downcall.SEND_BLOCKING.handle().invokeExact(callState, fd, buf, n, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static long readv(MemorySegment callState, int fd, MemorySegment iov, int count) {
        try {
            return (long) Downcall.READV.handle().invokeExact(callState, fd, iov, count);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static long writev(MemorySegment callState, int fd, MemorySegment iov, int count) {
        try {
            return (long) Downcall.WRITEV.handle().invokeExact(callState, fd, iov, count);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static long read(MemorySegment callState, int fd, MemorySegment buf, long n) {
        try {
            return (long) Downcall.READ.handle().invokeExact(callState, fd, buf, n);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static long write(MemorySegment callState, int fd, MemorySegment buf, long n) {
        try {
            return (long) Downcall.WRITE.handle().invokeExact(callState, fd, buf, n);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int fcntl(MemorySegment callState, int fd, int cmd, int arg) {
        try {
            return (int) Downcall.FCNTL.handle().invokeExact(callState, fd, cmd, arg);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int open(MemorySegment callState, MemorySegment path, int flags) {
        try {
            return (int) Downcall.OPEN.handle().invokeExact(callState, path, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int ioctl(MemorySegment callState, int fd, long request, MemorySegment argument) {
        try {
            return (int) Downcall.IOCTL.handle().invokeExact(callState, fd, request, argument);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int shutdown(MemorySegment callState, int fd, int how) {
        try {
            return (int) Downcall.SHUTDOWN.handle().invokeExact(callState, fd, how);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int close(MemorySegment callState, int fd) {
        try {
            return (int) Downcall.CLOSE.handle().invokeExact(callState, fd);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int getsockopt(MemorySegment callState, int fd, int level, int name, MemorySegment value,
                          MemorySegment len) {
        try {
            return (int) Downcall.GETSOCKOPT.handle().invokeExact(callState, fd, level, name, value, len);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int setsockopt(MemorySegment callState, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) Downcall.SETSOCKOPT.handle().invokeExact(callState, fd, level, name, value, len);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int getsockname(MemorySegment callState, int fd, MemorySegment addr, MemorySegment len) {
        try {
            return (int) Downcall.GETSOCKNAME.handle().invokeExact(callState, fd, addr, len);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int poll(MemorySegment callState, MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) Downcall.POLL.handle().invokeExact(callState, fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int epollCreate1(MemorySegment callState, int flags) {
        try {
            return (int) Downcall.EPOLL_CREATE1.handle().invokeExact(callState, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int epollCtl(MemorySegment callState, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) Downcall.EPOLL_CTL.handle().invokeExact(callState, epfd, op, fd, event);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    /** {@code epoll_ctl} with a heap {@code event}, for any thread; captures no {@code errno}. */
    static int epollCtlHeap(int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) Downcall.EPOLL_CTL_HEAP.handle().invokeExact(epfd, op, fd, event);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int epollWait(MemorySegment callState, int epfd, MemorySegment events, int max, int timeoutMillis) {
        try {
            return (int) Downcall.EPOLL_WAIT.handle().invokeExact(callState, epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int eventfd(MemorySegment callState, int initval, int flags) {
        try {
            return (int) Downcall.EVENTFD.handle().invokeExact(callState, initval, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }
}
