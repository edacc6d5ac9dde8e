package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.internal.platform.NativeFunction;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.function.Supplier;

/**
 * Every libc function the Linux platform calls through its own downcall handle: the symbol, how it is
 * linked, the jextract-generated address and descriptor it is linked against, and the Java type the
 * platform calls it with (see {@link NativeFunction}). Each constant owns its handle, linked on first use
 * ({@link #handle()}); {@link Downcalls} has the typed method that calls it. Adding a function is a constant
 * here and its typed method there.
 *
 * <p>The calls that never block and move data are critical: no thread-state transition, and heap
 * segments allowed, so a heap {@link java.nio.ByteBuffer} reaches the kernel without a copy. A call that
 * may wait in the kernel (on a socket in blocking mode, or a poll) is never critical.
 */
enum Downcall implements NativeFunction {
    // int socket(int domain, int type, int protocol)
    SOCKET("socket", Linkages.PLAIN, LibC::socket$address, LibC::socket$descriptor, int.class, int.class, int.class,
            int.class),
    // int bind(int fd, const struct sockaddr *addr, socklen_t len)
    BIND("bind", Linkages.PLAIN, LibC::bind$address, LibC::bind$descriptor, int.class, int.class, MemorySegment.class,
            int.class),
    // int listen(int fd, int backlog)
    LISTEN("listen", Linkages.PLAIN, LibC::listen$address, LibC::listen$descriptor, int.class, int.class, int.class),
    // int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
    ACCEPT4("accept4", Linkages.PLAIN, LibC::accept4$address, LibC::accept4$descriptor, int.class, int.class,
            MemorySegment.class, MemorySegment.class, int.class),
    // int connect(int fd, const struct sockaddr *addr, socklen_t len)
    CONNECT("connect", Linkages.PLAIN, LibC::connect$address, LibC::connect$descriptor, int.class, int.class,
            MemorySegment.class, int.class),
    // ssize_t recv(int fd, void *buf, size_t n, int flags) with MSG_DONTWAIT: never waits
    RECV("recv", Linkages.CRITICAL_HEAP, LibC::recv$address, LibC::recv$descriptor, long.class, int.class,
            MemorySegment.class, long.class, int.class),
    // ssize_t send(int fd, const void *buf, size_t n, int flags) with MSG_DONTWAIT: never waits
    SEND("send", Linkages.CRITICAL_HEAP, LibC::send$address, LibC::send$descriptor, long.class, int.class,
            MemorySegment.class, long.class, int.class),
    // recv on a socket in blocking mode: may wait in the kernel, so not critical, native memory only
    RECV_BLOCKING("recv", Linkages.PLAIN, LibC::recv$address, LibC::recv$descriptor, long.class, int.class,
            MemorySegment.class, long.class, int.class),
    // send on a socket in blocking mode: may wait in the kernel
    SEND_BLOCKING("send", Linkages.PLAIN, LibC::send$address, LibC::send$descriptor, long.class, int.class,
            MemorySegment.class, long.class, int.class),
    // ssize_t readv(int fd, const struct iovec *iov, int count): may wait on a socket in blocking mode
    READV("readv", Linkages.PLAIN, LibC::readv$address, LibC::readv$descriptor, long.class, int.class,
            MemorySegment.class, int.class),
    // ssize_t writev(int fd, const struct iovec *iov, int count): may wait on a socket in blocking mode
    WRITEV("writev", Linkages.PLAIN, LibC::writev$address, LibC::writev$descriptor, long.class, int.class,
            MemorySegment.class, int.class),
    // ssize_t read(int fd, void *buf, size_t n): on an eventfd, which is non-blocking
    READ("read", Linkages.PLAIN, LibC::read$address, LibC::read$descriptor, long.class, int.class, MemorySegment.class,
            long.class),
    // ssize_t write(int fd, const void *buf, size_t n): on an eventfd, which is non-blocking
    WRITE("write", Linkages.PLAIN, LibC::write$address, LibC::write$descriptor, long.class, int.class,
            MemorySegment.class, long.class),
    // int fcntl(int fd, int cmd, ...) called as fcntl(int, int, int): variadic from the third parameter
    FCNTL("fcntl", Linkages.PLAIN, () -> LibC.fcntl.address(), () -> LibC.fcntl.makeInvoker(LibC.C_INT).descriptor(), 2,
            int.class, int.class, int.class, int.class),
    // int open(const char *path, int flags, ...) called as open(path, flags): variadic after the second parameter
    OPEN("open", Linkages.PLAIN, () -> LibC.open.address(), () -> LibC.open.makeInvoker().descriptor(), 2, int.class,
            MemorySegment.class, int.class),
    // int ioctl(int fd, unsigned long request, ...) called with one pointer argument: variadic from the third
    IOCTL("ioctl", Linkages.PLAIN, () -> LibC.ioctl.address(),
            () -> LibC.ioctl.makeInvoker(LibC.C_POINTER).descriptor(), 2, int.class, int.class, long.class,
            MemorySegment.class),
    // int shutdown(int fd, int how)
    SHUTDOWN("shutdown", Linkages.PLAIN, LibC::shutdown$address, LibC::shutdown$descriptor, int.class, int.class,
            int.class),
    // int close(int fd)
    CLOSE("close", Linkages.PLAIN, LibC::close$address, LibC::close$descriptor, int.class, int.class),
    // int getsockopt(int fd, int level, int name, void *value, socklen_t *len)
    GETSOCKOPT("getsockopt", Linkages.PLAIN, LibC::getsockopt$address, LibC::getsockopt$descriptor, int.class,
            int.class, int.class, int.class, MemorySegment.class, MemorySegment.class),
    // int setsockopt(int fd, int level, int name, const void *value, socklen_t len)
    SETSOCKOPT("setsockopt", Linkages.PLAIN, LibC::setsockopt$address, LibC::setsockopt$descriptor, int.class,
            int.class, int.class, int.class, MemorySegment.class, int.class),
    // int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
    GETSOCKNAME("getsockname", Linkages.PLAIN, LibC::getsockname$address, LibC::getsockname$descriptor, int.class,
            int.class, MemorySegment.class, MemorySegment.class),
    // int poll(struct pollfd *fds, nfds_t count, int timeout): may wait
    POLL("poll", Linkages.PLAIN, LibC::poll$address, LibC::poll$descriptor, int.class, MemorySegment.class, long.class,
            int.class),
    // int epoll_create1(int flags)
    EPOLL_CREATE1("epoll_create1", Linkages.PLAIN, LibC::epoll_create1$address, LibC::epoll_create1$descriptor,
            int.class, int.class),
    // int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
    EPOLL_CTL("epoll_ctl", Linkages.PLAIN, LibC::epoll_ctl$address, LibC::epoll_ctl$descriptor, int.class, int.class,
            int.class, int.class, MemorySegment.class),
    // epoll_ctl from any thread with a per-call heap epoll_event, so critical with heap access; without
    // errno, which would need native memory of the caller's own (a failure is repeated through EPOLL_CTL)
    EPOLL_CTL_HEAP("epoll_ctl", Linkages.CRITICAL_HEAP_UNCAPTURED, LibC::epoll_ctl$address, LibC::epoll_ctl$descriptor,
            int.class, int.class, int.class, int.class, MemorySegment.class),
    // int epoll_wait(int epfd, struct epoll_event *events, int max, int timeout): may wait
    EPOLL_WAIT("epoll_wait", Linkages.PLAIN, LibC::epoll_wait$address, LibC::epoll_wait$descriptor, int.class,
            int.class, MemorySegment.class, int.class, int.class),
    // int eventfd(unsigned int initval, int flags)
    EVENTFD("eventfd", Linkages.PLAIN, LibC::eventfd$address, LibC::eventfd$descriptor, int.class, int.class,
            int.class);

    /** How the Linux functions are linked. */
    private static final class Linkages {
        /** A call that may block or is not on a hot path; {@code errno} is captured. */
        static final Linkage PLAIN = new Linkage("errno", false, false);
        /** A call that never blocks: no thread-state transition, heap segments allowed; {@code errno} captured. */
        static final Linkage CRITICAL_HEAP = new Linkage("errno", true, true);
        /** As {@link #CRITICAL_HEAP}, without {@code errno}: the call sites pass no call-state segment. */
        static final Linkage CRITICAL_HEAP_UNCAPTURED = new Linkage(null, true, true);
    }

    private final Declaration declaration;
    private final LazyHandle handle;

    Downcall(String symbol, Linkage linkage, Supplier<MemorySegment> address, Supplier<FunctionDescriptor> descriptor,
             Class<?> returnType, Class<?>... parameterTypes) {
        this.declaration = new Declaration(symbol, linkage, returnType, parameterTypes);
        this.handle = new LazyHandle(address, descriptor);
    }

    Downcall(String symbol, Linkage linkage, Supplier<MemorySegment> address, Supplier<FunctionDescriptor> descriptor,
             int firstVariadicArg, Class<?> returnType, Class<?>... parameterTypes) {
        this.declaration = new Declaration(symbol, linkage, firstVariadicArg,
                MethodType.methodType(returnType, parameterTypes));
        this.handle = new LazyHandle(address, descriptor);
    }

    @Override
    public Declaration declaration() {
        return declaration;
    }

    /** The downcall handle, linked on first use against the generated address and descriptor. */
    MethodHandle handle() {
        return handle.get(this);
    }
}
