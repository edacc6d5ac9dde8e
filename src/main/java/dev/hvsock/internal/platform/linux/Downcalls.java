package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.internal.platform.NativeFunction;

import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The downcall handles of the Linux platform, linked from the jextract-generated addresses and
 * descriptors with {@code errno} captured by the linker (reading it with a second call afterwards is
 * unreliable: the JVM may have run code in between that changed it), and one typed method per function.
 *
 * <p>Each method invokes its handle with exactly its own parameter list and return type, which is the
 * handle's {@link Downcall#callSiteType()}: {@link Downcall#link} checks the handles here, and a test
 * checks these methods' signatures and the class's {@code invokeExact} call sites against the same types.
 * The methods only call: what a result or an {@code errno} means is the caller's business.
 */
final class Downcalls {
    /** The layout of the call-state segment the methods take first. */
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = Downcall.SOCKET.link(LibC.socket$address(), LibC.socket$descriptor());
    private static final MethodHandle BIND = Downcall.BIND.link(LibC.bind$address(), LibC.bind$descriptor());
    private static final MethodHandle LISTEN = Downcall.LISTEN.link(LibC.listen$address(), LibC.listen$descriptor());
    private static final MethodHandle ACCEPT4 = Downcall.ACCEPT4.link(LibC.accept4$address(),
            LibC.accept4$descriptor());
    private static final MethodHandle CONNECT = Downcall.CONNECT.link(LibC.connect$address(),
            LibC.connect$descriptor());
    private static final MethodHandle RECV = Downcall.RECV.link(LibC.recv$address(), LibC.recv$descriptor());
    private static final MethodHandle SEND = Downcall.SEND.link(LibC.send$address(), LibC.send$descriptor());
    private static final MethodHandle RECV_BLOCKING = Downcall.RECV_BLOCKING.link(LibC.recv$address(),
            LibC.recv$descriptor());
    private static final MethodHandle SEND_BLOCKING = Downcall.SEND_BLOCKING.link(LibC.send$address(),
            LibC.send$descriptor());
    private static final MethodHandle READV = Downcall.READV.link(LibC.readv$address(), LibC.readv$descriptor());
    private static final MethodHandle WRITEV = Downcall.WRITEV.link(LibC.writev$address(), LibC.writev$descriptor());
    private static final MethodHandle READ = Downcall.READ.link(LibC.read$address(), LibC.read$descriptor());
    private static final MethodHandle WRITE = Downcall.WRITE.link(LibC.write$address(), LibC.write$descriptor());
    // variadic: the descriptor jextract's invoker gives for one more int (the invoker itself goes unused)
    private static final MethodHandle FCNTL = Downcall.FCNTL.link(LibC.fcntl.address(),
            LibC.fcntl.makeInvoker(LibC.C_INT).descriptor());
    // variadic: jextract's invoker with no variadic argument (flags without O_CREAT need no mode)
    private static final MethodHandle OPEN = Downcall.OPEN.link(LibC.open.address(),
            LibC.open.makeInvoker().descriptor());
    // variadic: the invoker's descriptor for one pointer argument
    private static final MethodHandle IOCTL = Downcall.IOCTL.link(LibC.ioctl.address(),
            LibC.ioctl.makeInvoker(LibC.C_POINTER).descriptor());
    private static final MethodHandle SHUTDOWN = Downcall.SHUTDOWN.link(LibC.shutdown$address(),
            LibC.shutdown$descriptor());
    private static final MethodHandle CLOSE = Downcall.CLOSE.link(LibC.close$address(), LibC.close$descriptor());
    private static final MethodHandle GETSOCKOPT = Downcall.GETSOCKOPT.link(LibC.getsockopt$address(),
            LibC.getsockopt$descriptor());
    private static final MethodHandle SETSOCKOPT = Downcall.SETSOCKOPT.link(LibC.setsockopt$address(),
            LibC.setsockopt$descriptor());
    private static final MethodHandle GETSOCKNAME = Downcall.GETSOCKNAME.link(LibC.getsockname$address(),
            LibC.getsockname$descriptor());
    private static final MethodHandle POLL = Downcall.POLL.link(LibC.poll$address(), LibC.poll$descriptor());
    private static final MethodHandle EPOLL_CREATE1 = Downcall.EPOLL_CREATE1.link(LibC.epoll_create1$address(),
            LibC.epoll_create1$descriptor());
    private static final MethodHandle EPOLL_CTL = Downcall.EPOLL_CTL.link(LibC.epoll_ctl$address(),
            LibC.epoll_ctl$descriptor());
    private static final MethodHandle EPOLL_CTL_HEAP = Downcall.EPOLL_CTL_HEAP.link(LibC.epoll_ctl$address(),
            LibC.epoll_ctl$descriptor());
    private static final MethodHandle EPOLL_WAIT = Downcall.EPOLL_WAIT.link(LibC.epoll_wait$address(),
            LibC.epoll_wait$descriptor());
    private static final MethodHandle EVENTFD = Downcall.EVENTFD.link(LibC.eventfd$address(),
            LibC.eventfd$descriptor());

    private Downcalls() {
    }

    /** The {@code errno} a call left in {@code callState}. */
    static int errno(MemorySegment callState) {
        return callState.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    static int socket(MemorySegment callState, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(callState, domain, type, protocol);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int bind(MemorySegment callState, int fd, MemorySegment addr, int len) {
        try {
            return (int) BIND.invokeExact(callState, fd, addr, len);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int listen(MemorySegment callState, int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(callState, fd, backlog);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int accept4(MemorySegment callState, int fd, MemorySegment addr, MemorySegment len, int flags) {
        try {
            return (int) ACCEPT4.invokeExact(callState, fd, addr, len, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int connect(MemorySegment callState, int fd, MemorySegment addr, int len) {
        try {
            return (int) CONNECT.invokeExact(callState, fd, addr, len);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    /** Critical, heap segments allowed: only with {@code MSG_DONTWAIT}, so that it never waits. */
    static long recv(MemorySegment callState, int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) RECV.invokeExact(callState, fd, buf, n, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    /** Critical, heap segments allowed: only with {@code MSG_DONTWAIT}, so that it never waits. */
    static long send(MemorySegment callState, int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) SEND.invokeExact(callState, fd, buf, n, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    /** {@code recv} that may wait in the kernel; native memory only. */
    static long recvBlocking(MemorySegment callState, int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) RECV_BLOCKING.invokeExact(callState, fd, buf, n, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    /** {@code send} that may wait in the kernel; native memory only. */
    static long sendBlocking(MemorySegment callState, int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) SEND_BLOCKING.invokeExact(callState, fd, buf, n, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static long readv(MemorySegment callState, int fd, MemorySegment iov, int count) {
        try {
            return (long) READV.invokeExact(callState, fd, iov, count);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static long writev(MemorySegment callState, int fd, MemorySegment iov, int count) {
        try {
            return (long) WRITEV.invokeExact(callState, fd, iov, count);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static long read(MemorySegment callState, int fd, MemorySegment buf, long n) {
        try {
            return (long) READ.invokeExact(callState, fd, buf, n);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static long write(MemorySegment callState, int fd, MemorySegment buf, long n) {
        try {
            return (long) WRITE.invokeExact(callState, fd, buf, n);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int fcntl(MemorySegment callState, int fd, int cmd, int arg) {
        try {
            return (int) FCNTL.invokeExact(callState, fd, cmd, arg);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int open(MemorySegment callState, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(callState, path, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int ioctl(MemorySegment callState, int fd, long request, MemorySegment argument) {
        try {
            return (int) IOCTL.invokeExact(callState, fd, request, argument);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int shutdown(MemorySegment callState, int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(callState, fd, how);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int close(MemorySegment callState, int fd) {
        try {
            return (int) CLOSE.invokeExact(callState, fd);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int getsockopt(MemorySegment callState, int fd, int level, int name, MemorySegment value,
                          MemorySegment len) {
        try {
            return (int) GETSOCKOPT.invokeExact(callState, fd, level, name, value, len);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int setsockopt(MemorySegment callState, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) SETSOCKOPT.invokeExact(callState, fd, level, name, value, len);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int getsockname(MemorySegment callState, int fd, MemorySegment addr, MemorySegment len) {
        try {
            return (int) GETSOCKNAME.invokeExact(callState, fd, addr, len);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int poll(MemorySegment callState, MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(callState, fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int epollCreate1(MemorySegment callState, int flags) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(callState, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int epollCtl(MemorySegment callState, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(callState, epfd, op, fd, event);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    /** {@code epoll_ctl} with a heap {@code event}, for any thread; captures no {@code errno}. */
    static int epollCtlHeap(int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL_HEAP.invokeExact(epfd, op, fd, event);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int epollWait(MemorySegment callState, int epfd, MemorySegment events, int max, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(callState, epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }

    static int eventfd(MemorySegment callState, int initval, int flags) {
        try {
            return (int) EVENTFD.invokeExact(callState, initval, flags);
        } catch (Throwable t) {
            throw NativeFunction.unexpected(t);
        }
    }
}
