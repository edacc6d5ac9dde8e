package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.platform.NativeFunction;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodType;

/**
 * Every libc function the Linux platform calls through its own downcall handle: the symbol, how it is
 * linked, and the Java type the platform calls it with (see {@link NativeFunction}). {@link Downcalls}
 * links each one against the jextract-generated address and descriptor.
 *
 * <p>The calls that never block and move data are critical: no thread-state transition, and heap
 * segments allowed, so a heap {@link java.nio.ByteBuffer} reaches the kernel without a copy. A call that
 * may wait in the kernel (on a socket in blocking mode, or a poll) is never critical.
 */
enum Downcall implements NativeFunction {
    // int socket(int domain, int type, int protocol)
    SOCKET("socket", Linkages.PLAIN, int.class, int.class, int.class, int.class),
    // int bind(int fd, const struct sockaddr *addr, socklen_t len)
    BIND("bind", Linkages.PLAIN, int.class, int.class, MemorySegment.class, int.class),
    // int listen(int fd, int backlog)
    LISTEN("listen", Linkages.PLAIN, int.class, int.class, int.class),
    // int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
    ACCEPT4("accept4", Linkages.PLAIN, int.class, int.class, MemorySegment.class, MemorySegment.class, int.class),
    // int connect(int fd, const struct sockaddr *addr, socklen_t len)
    CONNECT("connect", Linkages.PLAIN, int.class, int.class, MemorySegment.class, int.class),
    // ssize_t recv(int fd, void *buf, size_t n, int flags) with MSG_DONTWAIT: never waits
    RECV("recv", Linkages.CRITICAL_HEAP, long.class, int.class, MemorySegment.class, long.class, int.class),
    // ssize_t send(int fd, const void *buf, size_t n, int flags) with MSG_DONTWAIT: never waits
    SEND("send", Linkages.CRITICAL_HEAP, long.class, int.class, MemorySegment.class, long.class, int.class),
    // recv on a socket in blocking mode: may wait in the kernel, so not critical, native memory only
    RECV_BLOCKING("recv", Linkages.PLAIN, long.class, int.class, MemorySegment.class, long.class, int.class),
    // send on a socket in blocking mode: may wait in the kernel
    SEND_BLOCKING("send", Linkages.PLAIN, long.class, int.class, MemorySegment.class, long.class, int.class),
    // ssize_t readv(int fd, const struct iovec *iov, int count): may wait on a socket in blocking mode
    READV("readv", Linkages.PLAIN, long.class, int.class, MemorySegment.class, int.class),
    // ssize_t writev(int fd, const struct iovec *iov, int count): may wait on a socket in blocking mode
    WRITEV("writev", Linkages.PLAIN, long.class, int.class, MemorySegment.class, int.class),
    // ssize_t read(int fd, void *buf, size_t n): on an eventfd, which is non-blocking
    READ("read", Linkages.PLAIN, long.class, int.class, MemorySegment.class, long.class),
    // ssize_t write(int fd, const void *buf, size_t n): on an eventfd, which is non-blocking
    WRITE("write", Linkages.PLAIN, long.class, int.class, MemorySegment.class, long.class),
    // int fcntl(int fd, int cmd, ...) called as fcntl(int, int, int): variadic from the third parameter
    FCNTL("fcntl", Linkages.PLAIN, 2, int.class, int.class, int.class, int.class),
    // int open(const char *path, int flags, ...) called as open(path, flags): variadic after the second parameter
    OPEN("open", Linkages.PLAIN, 2, int.class, MemorySegment.class, int.class),
    // int ioctl(int fd, unsigned long request, ...) called with one pointer argument: variadic from the third
    IOCTL("ioctl", Linkages.PLAIN, 2, int.class, int.class, long.class, MemorySegment.class),
    // int shutdown(int fd, int how)
    SHUTDOWN("shutdown", Linkages.PLAIN, int.class, int.class, int.class),
    // int close(int fd)
    CLOSE("close", Linkages.PLAIN, int.class, int.class),
    // int getsockopt(int fd, int level, int name, void *value, socklen_t *len)
    GETSOCKOPT("getsockopt", Linkages.PLAIN, int.class, int.class, int.class, int.class, MemorySegment.class,
            MemorySegment.class),
    // int setsockopt(int fd, int level, int name, const void *value, socklen_t len)
    SETSOCKOPT("setsockopt", Linkages.PLAIN, int.class, int.class, int.class, int.class, MemorySegment.class,
            int.class),
    // int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
    GETSOCKNAME("getsockname", Linkages.PLAIN, int.class, int.class, MemorySegment.class, MemorySegment.class),
    // int poll(struct pollfd *fds, nfds_t count, int timeout): may wait
    POLL("poll", Linkages.PLAIN, int.class, MemorySegment.class, long.class, int.class),
    // int epoll_create1(int flags)
    EPOLL_CREATE1("epoll_create1", Linkages.PLAIN, int.class, int.class),
    // int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
    EPOLL_CTL("epoll_ctl", Linkages.PLAIN, int.class, int.class, int.class, int.class, MemorySegment.class),
    // epoll_ctl from any thread with a per-call heap epoll_event, so critical with heap access; without
    // errno, which would need native memory of the caller's own (a failure is repeated through EPOLL_CTL)
    EPOLL_CTL_HEAP("epoll_ctl", Linkages.CRITICAL_HEAP_UNCAPTURED, int.class, int.class, int.class, int.class,
            MemorySegment.class),
    // int epoll_wait(int epfd, struct epoll_event *events, int max, int timeout): may wait
    EPOLL_WAIT("epoll_wait", Linkages.PLAIN, int.class, int.class, MemorySegment.class, int.class, int.class),
    // int eventfd(unsigned int initval, int flags)
    EVENTFD("eventfd", Linkages.PLAIN, int.class, int.class, int.class);

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

    Downcall(String symbol, Linkage linkage, Class<?> returnType, Class<?>... parameterTypes) {
        this.declaration = new Declaration(symbol, linkage, returnType, parameterTypes);
    }

    Downcall(String symbol, Linkage linkage, int firstVariadicArg, Class<?> returnType, Class<?>... parameterTypes) {
        this.declaration = new Declaration(symbol, linkage, firstVariadicArg,
                MethodType.methodType(returnType, parameterTypes));
    }

    @Override
    public Declaration declaration() {
        return declaration;
    }
}
