package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.ffi.linux.LibC;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Downcall handles for the libc functions the Linux platform calls, built from the jextract-generated
 * addresses and descriptors with {@code errno} captured by the linker: reading {@code errno} with a
 * second call afterwards is unreliable, since the JVM may have run code in between that changed it.
 *
 * <p>The calls that never block and move data are "critical": no thread-state transition, and heap
 * segments allowed, so a heap {@link java.nio.ByteBuffer} reaches the kernel without a copy.
 */
final class Syscalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private Syscalls() {
    }

    private static MethodHandle plain(MemorySegment address, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(address, descriptor, CAPTURE);
    }

    private static MethodHandle critical(MemorySegment address, FunctionDescriptor descriptor, boolean heap) {
        return LINKER.downcallHandle(address, descriptor, CAPTURE, Linker.Option.critical(heap));
    }

    /** The {@code errno} a call left in {@code callState}. */
    static int errno(MemorySegment callState) {
        return callState.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    // int socket(int, int, int)
    static final MethodHandle SOCKET = plain(LibC.socket$address(), LibC.socket$descriptor());
    // int bind(int, const struct sockaddr *, socklen_t)
    static final MethodHandle BIND = plain(LibC.bind$address(), LibC.bind$descriptor());
    // int listen(int, int)
    static final MethodHandle LISTEN = plain(LibC.listen$address(), LibC.listen$descriptor());
    // int accept4(int, struct sockaddr *, socklen_t *, int)
    static final MethodHandle ACCEPT4 = plain(LibC.accept4$address(), LibC.accept4$descriptor());
    // int connect(int, const struct sockaddr *, socklen_t)
    static final MethodHandle CONNECT = plain(LibC.connect$address(), LibC.connect$descriptor());
    // ssize_t recv(int, void *, size_t, int) with MSG_DONTWAIT: critical, heap allowed
    static final MethodHandle RECV = critical(LibC.recv$address(), LibC.recv$descriptor(), true);
    // ssize_t send(int, const void *, size_t, int) with MSG_DONTWAIT: critical, heap allowed
    static final MethodHandle SEND = critical(LibC.send$address(), LibC.send$descriptor(), true);
    // recv and send that may wait in the kernel (a socket in blocking mode): not critical, native memory only
    static final MethodHandle RECV_BLOCKING = plain(LibC.recv$address(), LibC.recv$descriptor());
    static final MethodHandle SEND_BLOCKING = plain(LibC.send$address(), LibC.send$descriptor());
    // ssize_t readv(int, const struct iovec *, int): may wait in the kernel on a socket in blocking mode
    static final MethodHandle READV = plain(LibC.readv$address(), LibC.readv$descriptor());
    // ssize_t writev(int, const struct iovec *, int): may wait in the kernel on a socket in blocking mode
    static final MethodHandle WRITEV = plain(LibC.writev$address(), LibC.writev$descriptor());
    // int fcntl(int, int, ...) as fcntl(int, int, int): variadic, so built here rather than by jextract
    static final MethodHandle FCNTL = LINKER.downcallHandle(LINKER.defaultLookup().find("fcntl").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT),
            CAPTURE, Linker.Option.firstVariadicArg(2));
    // ssize_t read/write on an eventfd (never blocks: the eventfd is non-blocking)
    static final MethodHandle READ_NATIVE = plain(LibC.read$address(), LibC.read$descriptor());
    static final MethodHandle WRITE_NATIVE = plain(LibC.write$address(), LibC.write$descriptor());
    // int shutdown(int, int)
    static final MethodHandle SHUTDOWN = plain(LibC.shutdown$address(), LibC.shutdown$descriptor());
    // int close(int)
    static final MethodHandle CLOSE = plain(LibC.close$address(), LibC.close$descriptor());
    // int getsockopt(int, int, int, void *, socklen_t *)
    static final MethodHandle GETSOCKOPT = plain(LibC.getsockopt$address(), LibC.getsockopt$descriptor());
    // int setsockopt(int, int, int, const void *, socklen_t)
    static final MethodHandle SETSOCKOPT = plain(LibC.setsockopt$address(), LibC.setsockopt$descriptor());
    // int getsockname(int, struct sockaddr *, socklen_t *)
    static final MethodHandle GETSOCKNAME = plain(LibC.getsockname$address(), LibC.getsockname$descriptor());
    // int getpeername(int, struct sockaddr *, socklen_t *)
    static final MethodHandle GETPEERNAME = plain(LibC.getpeername$address(), LibC.getpeername$descriptor());
    // int poll(struct pollfd *, nfds_t, int): may block
    static final MethodHandle POLL = plain(LibC.poll$address(), LibC.poll$descriptor());
    // int epoll_create1(int)
    static final MethodHandle EPOLL_CREATE1 = plain(LibC.epoll_create1$address(), LibC.epoll_create1$descriptor());
    // int epoll_ctl(int, int, int, struct epoll_event *)
    static final MethodHandle EPOLL_CTL = plain(LibC.epoll_ctl$address(), LibC.epoll_ctl$descriptor());
    // epoll_ctl for any thread: the epoll_event is a per-call heap array, so critical; no errno capture
    // (it would need native memory of the caller's own), a failure is repeated through EPOLL_CTL for it
    static final MethodHandle EPOLL_CTL_HEAP = LINKER.downcallHandle(LibC.epoll_ctl$address(),
            LibC.epoll_ctl$descriptor(), Linker.Option.critical(true));
    // int epoll_wait(int, struct epoll_event *, int, int): may block
    static final MethodHandle EPOLL_WAIT = plain(LibC.epoll_wait$address(), LibC.epoll_wait$descriptor());
    // int eventfd(unsigned int, int)
    static final MethodHandle EVENTFD = plain(LibC.eventfd$address(), LibC.eventfd$descriptor());
}
