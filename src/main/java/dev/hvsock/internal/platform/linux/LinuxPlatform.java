package dev.hvsock.internal.platform.linux;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSocketOptions;
import dev.hvsock.VsockAddress;
import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.internal.ffi.linux.epoll_event;
import dev.hvsock.internal.ffi.linux.iovec;
import dev.hvsock.internal.ffi.linux.pollfd;
import dev.hvsock.internal.platform.ArrayPollSet;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.PollSet;
import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Linux platform: {@code AF_VSOCK} (the natural family; {@code hv_sock} on Hyper-V, virtio or
 * {@code vsock_loopback} elsewhere) and {@code AF_UNIX}, through libc, with epoll for selectors.
 */
public final class LinuxPlatform implements NativePlatform {
    private static final int SOCK_FLAGS = LibC.SOCK_STREAM() | LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();
    private static final int ACCEPT_FLAGS = LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();
    private static final int MSG_NOSIGNAL = LibC.MSG_NOSIGNAL();
    private static final int MSG_DONTWAIT = LibC.MSG_DONTWAIT();
    private static final int SOL_SOCKET = LibC.SOL_SOCKET();
    private static final int SOL_VSOCK = LibC.AF_VSOCK();
    private static final int SO_ERROR = LibC.SO_ERROR();
    private static final int POLLFD_SIZE = (int) pollfd.sizeof();
    private static final long IOVEC_SIZE = iovec.sizeof();
    private static final long EPOLL_EVENT_SIZE = epoll_event.sizeof();
    private static final long EPOLL_DATA_OFFSET = epoll_event.data$offset();
    private static final int IOV_MAX = 1024;

    private static final Set<SocketOption<?>> UNIX_OPTIONS = Set.of(
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_LINGER);
    private static final Set<SocketOption<?>> UNIX_SERVER_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF);
    private static final Set<SocketOption<?>> VSOCK_OPTIONS = Set.of(
            StandardSocketOptions.SO_LINGER, HvSocketOptions.CONNECT_TIMEOUT, HvSocketOptions.VSOCK_BUFFER_SIZE,
            HvSocketOptions.VSOCK_BUFFER_MIN_SIZE, HvSocketOptions.VSOCK_BUFFER_MAX_SIZE);
    private static final Set<SocketOption<?>> VSOCK_SERVER_OPTIONS = Set.of(
            HvSocketOptions.VSOCK_BUFFER_SIZE, HvSocketOptions.VSOCK_BUFFER_MIN_SIZE,
            HvSocketOptions.VSOCK_BUFFER_MAX_SIZE);

    public LinuxPlatform() {
    }

    // ------------------------------------------------------------------ families and addresses

    @Override
    public ProtocolFamily naturalFamily() {
        return HvProtocolFamily.VSOCK;
    }

    @Override
    public void checkFamily(ProtocolFamily family) {
        if (family == HvProtocolFamily.HYPERV) {
            throw new UnsupportedOperationException("AF_HYPERV sockets exist only on Windows; on Linux use "
                    + "HvProtocolFamily.VSOCK (an HvSocketAddress whose service id follows the vsock template "
                    + "maps to a vsock port)");
        }
        if (family != HvProtocolFamily.VSOCK && family != StandardProtocolFamily.UNIX) {
            throw new UnsupportedOperationException("protocol family " + family + " is not supported by "
                    + "hvsock-nio (use VSOCK or UNIX here, or the JDK's default provider for IP)");
        }
    }

    private static boolean isUnix(ProtocolFamily family) {
        return family == StandardProtocolFamily.UNIX;
    }

    @Override
    public SocketAddress checkAddress(ProtocolFamily family, SocketAddress address, boolean forBind) {
        try {
            if (!isUnix(family)) {
                return SocketAddresses.checkVsock(address, forBind);
            }
            UnixDomainSocketAddress unix = SocketAddresses.checkUnix(address);
            if (unix.getPath().toString().isEmpty()) {
                if (forBind) {
                    return null;
                }
                throw new IllegalArgumentException("cannot connect to an empty Unix domain socket path");
            }
            return unix;
        } catch (SocketException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public SocketAddress autoBindAddress(ProtocolFamily family) {
        if (isUnix(family)) {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"));
            String name = "hvsock-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".sock";
            return UnixDomainSocketAddress.of(dir.resolve(name));
        }
        return VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY);
    }

    private static SocketAddresses.Encoded encode(Arena arena, ProtocolFamily family, SocketAddress address) {
        if (isUnix(family)) {
            return SocketAddresses.encodeUnix(arena, (UnixDomainSocketAddress) address);
        }
        if (!(address instanceof VsockAddress vsock)) {
            throw new UnsupportedAddressTypeException();
        }
        return SocketAddresses.encodeVsock(arena, vsock);
    }

    // ------------------------------------------------------------------ socket lifecycle

    @Override
    public long open(ProtocolFamily family) throws IOException {
        checkFamily(family);
        int domain = isUnix(family) ? LibC.AF_UNIX() : LibC.AF_VSOCK();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            int fd = (int) Syscalls.SOCKET.invokeExact(cs, domain, SOCK_FLAGS, 0);
            if (fd < 0) {
                int errno = Syscalls.errno(cs);
                if (errno == Errno.EAFNOSUPPORT) {
                    throw new UnsupportedOperationException("AF_VSOCK is not available on this machine: "
                            + "socket() failed with EAFNOSUPPORT (load a vsock transport, e.g. "
                            + "`modprobe vsock_loopback`, or run inside a VM)");
                }
                throw Errno.exception("open " + family + " socket", null, errno);
            }
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void bind(long handle, ProtocolFamily family, SocketAddress local) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            SocketAddresses.Encoded sa = encode(arena, family, local);
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            int r = (int) Syscalls.BIND.invokeExact(cs, (int) handle, sa.segment(), sa.length());
            if (r < 0) {
                throw Errno.exception("bind to", local, Syscalls.errno(cs));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void listen(long handle, int backlog, SocketAddress local) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            int r = (int) Syscalls.LISTEN.invokeExact(cs, (int) handle, backlog);
            if (r < 0) {
                throw Errno.exception("listen on", local, Syscalls.errno(cs));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int connect(long handle, ProtocolFamily family, SocketAddress remote) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            SocketAddresses.Encoded sa = encode(arena, family, remote);
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            while (true) {
                int r = (int) Syscalls.CONNECT.invokeExact(cs, (int) handle, sa.segment(), sa.length());
                if (r == 0) {
                    return 1;
                }
                int errno = Syscalls.errno(cs);
                if (errno == Errno.EINPROGRESS) {
                    return 0;
                }
                if (errno == Errno.EAGAIN) {
                    // a Unix listener's backlog is full: the connect must be tried again
                    return IOStatus.UNAVAILABLE;
                }
                if (errno != Errno.EINTR) {
                    throw Errno.exception("connect to", remote, errno);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void checkConnectResult(long handle, SocketAddress remote) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            getsockopt(arena, handle, SOL_SOCKET, SO_ERROR, value, "connect to", remote);
            int error = value.get(ValueLayout.JAVA_INT, 0);
            if (error != 0) {
                throw Errno.exception("connect to", remote, error);
            }
        }
    }

    @Override
    public long accept(long handle, SocketAddress local) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            int fd = (int) Syscalls.ACCEPT4.invokeExact(cs, (int) handle, MemorySegment.NULL, MemorySegment.NULL,
                    ACCEPT_FLAGS);
            if (fd >= 0) {
                return fd;
            }
            int errno = Syscalls.errno(cs);
            if (errno == Errno.EAGAIN) {
                return IOStatus.UNAVAILABLE;
            }
            if (errno == Errno.EINTR || errno == Errno.ECONNABORTED) {
                // a connection that was reset while queued is not an error of the listener: try again
                return IOStatus.INTERRUPTED;
            }
            throw Errno.exception("accept on", local, errno);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void shutdownInput(long handle, SocketAddress context) throws IOException {
        shutdown(handle, LibC.SHUT_RD(), context);
    }

    @Override
    public void shutdownOutput(long handle, SocketAddress context) throws IOException {
        shutdown(handle, LibC.SHUT_WR(), context);
    }

    private void shutdown(long handle, int how, SocketAddress context) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            int r = (int) Syscalls.SHUTDOWN.invokeExact(cs, (int) handle, how);
            if (r < 0) {
                int errno = Syscalls.errno(cs);
                if (errno != Errno.ENOTCONN) {
                    // ENOTCONN: the peer already went away; there is nothing left to shut down
                    throw Errno.exception("shutdown of connection to", context, errno);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void close(long handle) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            int r = (int) Syscalls.CLOSE.invokeExact(cs, (int) handle);
            // After close(2) fails the descriptor is released anyway on Linux (even with EINTR): never retry.
            if (r < 0 && Syscalls.errno(cs) != Errno.EINTR) {
                throw Errno.exception("close socket " + handle, null, Syscalls.errno(cs));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    // ------------------------------------------------------------------ data

    @Override
    public int read(long handle, MemorySegment dst, MemorySegment callState, SocketAddress context)
            throws IOException {
        long n;
        try {
            n = (long) Syscalls.RECV.invokeExact(callState, (int) handle, dst, dst.byteSize(), MSG_DONTWAIT);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (n > 0) {
            return (int) n;
        }
        if (n == 0) {
            return IOStatus.EOF;
        }
        return status(Syscalls.errno(callState), "read from", context);
    }

    @Override
    public int write(long handle, MemorySegment src, MemorySegment callState, SocketAddress context)
            throws IOException {
        long n;
        try {
            n = (long) Syscalls.SEND.invokeExact(callState, (int) handle, src, src.byteSize(),
                    MSG_NOSIGNAL | MSG_DONTWAIT);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (n >= 0) {
            return (int) n;
        }
        return status(Syscalls.errno(callState), "write to", context);
    }

    @Override
    public boolean canBlockInKernel() {
        return true;
    }

    @Override
    public void setBlocking(long handle, boolean blocking) throws IOException {
        // F_SETFL replaces the status flags, and O_NONBLOCK is the only one these sockets ever have: no F_GETFL
        int flags = blocking ? 0 : LibC.O_NONBLOCK();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            int r = (int) Syscalls.FCNTL.invokeExact(cs, (int) handle, LibC.F_SETFL(), flags);
            if (r < 0) {
                throw Errno.exception("set blocking mode of socket " + handle, null, Syscalls.errno(cs));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void preClose(long handle) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            // ends recv/send calls waiting in the kernel; the outcome does not matter, the close follows
            int ignored = (int) Syscalls.SHUTDOWN.invokeExact(cs, (int) handle, LibC.SHUT_RDWR());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public int readBlocking(long handle, MemorySegment dst, long length, MemorySegment callState,
                            SocketAddress context) throws IOException {
        Objects.checkFromIndexSize(0, length, dst.byteSize());
        long n;
        try {
            n = (long) Syscalls.RECV_BLOCKING.invokeExact(callState, (int) handle, dst, length, 0);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (n > 0) {
            return (int) n;
        }
        if (n == 0) {
            return IOStatus.EOF;
        }
        return status(Syscalls.errno(callState), "read from", context);
    }

    @Override
    public int writeBlocking(long handle, MemorySegment src, long length, MemorySegment callState,
                             SocketAddress context) throws IOException {
        Objects.checkFromIndexSize(0, length, src.byteSize());
        long n;
        try {
            n = (long) Syscalls.SEND_BLOCKING.invokeExact(callState, (int) handle, src, length, MSG_NOSIGNAL);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (n >= 0) {
            return (int) n;
        }
        return status(Syscalls.errno(callState), "write to", context);
    }

    private static int status(int errno, String operation, SocketAddress context) throws IOException {
        if (errno == Errno.EAGAIN || errno == Errno.EWOULDBLOCK) {
            return IOStatus.UNAVAILABLE;
        }
        if (errno == Errno.EINTR) {
            return IOStatus.INTERRUPTED;
        }
        throw Errno.exception(operation, context, errno);
    }

    @Override
    public long vectorEntrySize() {
        return IOVEC_SIZE;
    }

    @Override
    public int maxVectorEntries() {
        return IOV_MAX;
    }

    @Override
    public void setVectorEntry(MemorySegment vector, int index, long address, long length) {
        long offset = index * IOVEC_SIZE;
        vector.set(ValueLayout.JAVA_LONG, offset + iovec.iov_base$offset(), address);
        vector.set(ValueLayout.JAVA_LONG, offset + iovec.iov_len$offset(), length);
    }

    @Override
    public long readv(long handle, MemorySegment vector, int count, MemorySegment callState, SocketAddress context)
            throws IOException {
        long n;
        try {
            n = (long) Syscalls.READV.invokeExact(callState, (int) handle, vector, count);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (n > 0) {
            return n;
        }
        if (n == 0) {
            return IOStatus.EOF;
        }
        return status(Syscalls.errno(callState), "read from", context);
    }

    @Override
    public long writev(long handle, MemorySegment vector, int count, MemorySegment callState, SocketAddress context)
            throws IOException {
        // writev has no MSG_NOSIGNAL; the JVM ignores SIGPIPE, so a closed peer gives EPIPE here too
        long n;
        try {
            n = (long) Syscalls.WRITEV.invokeExact(callState, (int) handle, vector, count);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (n >= 0) {
            return n;
        }
        return status(Syscalls.errno(callState), "write to", context);
    }

    // ------------------------------------------------------------------ addresses of a socket

    @Override
    public SocketAddress localAddress(long handle, ProtocolFamily family) throws IOException {
        return socketName(handle, Syscalls.GETSOCKNAME, "getsockname");
    }

    @Override
    public SocketAddress remoteAddress(long handle, ProtocolFamily family) throws IOException {
        return socketName(handle, Syscalls.GETPEERNAME, "getpeername");
    }

    private static SocketAddress socketName(long handle, java.lang.invoke.MethodHandle call, String what)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SocketAddresses.MAX_SIZE, 8);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, (int) SocketAddresses.MAX_SIZE);
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            int r = (int) call.invokeExact(cs, (int) handle, sa, length);
            if (r < 0) {
                throw Errno.exception(what + " of socket " + handle, null, Syscalls.errno(cs));
            }
            return SocketAddresses.decode(sa, length.get(ValueLayout.JAVA_INT, 0));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    // ------------------------------------------------------------------ options

    @Override
    public Set<SocketOption<?>> supportedOptions(ProtocolFamily family, boolean server) {
        if (isUnix(family)) {
            return server ? UNIX_SERVER_OPTIONS : UNIX_OPTIONS;
        }
        return server ? VSOCK_SERVER_OPTIONS : VSOCK_OPTIONS;
    }

    @Override
    public <T> void setOption(long handle, ProtocolFamily family, SocketOption<T> option, T value)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            if (option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) {
                int size = (Integer) value;
                if (size < 0) {
                    throw new IllegalArgumentException("Invalid value for " + option + ": " + size + " (negative)");
                }
                int name = option == StandardSocketOptions.SO_SNDBUF ? LibC.SO_SNDBUF() : LibC.SO_RCVBUF();
                setsockopt(arena, handle, SOL_SOCKET, name, arena.allocateFrom(ValueLayout.JAVA_INT, size), option);
            } else if (option == StandardSocketOptions.SO_LINGER) {
                int seconds = (Integer) value;
                MemorySegment linger = arena.allocate(8, 4);
                linger.set(ValueLayout.JAVA_INT, 0, seconds >= 0 ? 1 : 0);
                linger.set(ValueLayout.JAVA_INT, 4, Math.max(seconds, 0));
                setsockopt(arena, handle, SOL_SOCKET, LibC.SO_LINGER(), linger, option);
            } else if (option == HvSocketOptions.CONNECT_TIMEOUT) {
                int millis = (Integer) value;
                if (millis <= 0) {
                    throw new IllegalArgumentException("Invalid value for " + option + ": " + millis
                            + " (want a positive number of milliseconds)");
                }
                MemorySegment timeval = arena.allocate(16, 8);
                timeval.set(ValueLayout.JAVA_LONG, 0, millis / 1000);
                timeval.set(ValueLayout.JAVA_LONG, 8, (millis % 1000) * 1000L);
                setsockopt(arena, handle, SOL_VSOCK, LibC.SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD(), timeval, option);
            } else {
                long size = (Long) value;
                if (size < 0) {
                    throw new IllegalArgumentException("Invalid value for " + option + ": " + size + " (negative)");
                }
                setsockopt(arena, handle, SOL_VSOCK, vsockBufferOption(option),
                        arena.allocateFrom(ValueLayout.JAVA_LONG, size), option);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(long handle, ProtocolFamily family, SocketOption<T> option) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            if (option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) {
                int name = option == StandardSocketOptions.SO_SNDBUF ? LibC.SO_SNDBUF() : LibC.SO_RCVBUF();
                MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
                getsockopt(arena, handle, SOL_SOCKET, name, v, "get " + option + " of", null);
                return (T) Integer.valueOf(v.get(ValueLayout.JAVA_INT, 0));
            } else if (option == StandardSocketOptions.SO_LINGER) {
                MemorySegment linger = arena.allocate(8, 4);
                getsockopt(arena, handle, SOL_SOCKET, LibC.SO_LINGER(), linger, "get " + option + " of", null);
                boolean on = linger.get(ValueLayout.JAVA_INT, 0) != 0;
                return (T) Integer.valueOf(on ? linger.get(ValueLayout.JAVA_INT, 4) : -1);
            } else if (option == HvSocketOptions.CONNECT_TIMEOUT) {
                MemorySegment timeval = arena.allocate(16, 8);
                getsockopt(arena, handle, SOL_VSOCK, LibC.SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD(), timeval,
                        "get " + option + " of", null);
                long millis = timeval.get(ValueLayout.JAVA_LONG, 0) * 1000 + timeval.get(ValueLayout.JAVA_LONG, 8) / 1000;
                return (T) Integer.valueOf((int) Math.min(millis, Integer.MAX_VALUE));
            } else {
                MemorySegment v = arena.allocate(ValueLayout.JAVA_LONG);
                getsockopt(arena, handle, SOL_VSOCK, vsockBufferOption(option), v, "get " + option + " of", null);
                return (T) Long.valueOf(v.get(ValueLayout.JAVA_LONG, 0));
            }
        }
    }

    private static int vsockBufferOption(SocketOption<?> option) {
        if (option == HvSocketOptions.VSOCK_BUFFER_SIZE) {
            return LibC.SO_VM_SOCKETS_BUFFER_SIZE();
        }
        if (option == HvSocketOptions.VSOCK_BUFFER_MIN_SIZE) {
            return LibC.SO_VM_SOCKETS_BUFFER_MIN_SIZE();
        }
        if (option == HvSocketOptions.VSOCK_BUFFER_MAX_SIZE) {
            return LibC.SO_VM_SOCKETS_BUFFER_MAX_SIZE();
        }
        throw new UnsupportedOperationException("'" + option + "' not supported");
    }

    private static void setsockopt(Arena arena, long handle, int level, int name, MemorySegment value,
                                   SocketOption<?> option) throws IOException {
        MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
        int r;
        try {
            r = (int) Syscalls.SETSOCKOPT.invokeExact(cs, (int) handle, level, name, value, (int) value.byteSize());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (r < 0) {
            throw Errno.exception("set " + option + " on socket " + handle, null, Syscalls.errno(cs));
        }
    }

    private static void getsockopt(Arena arena, long handle, int level, int name, MemorySegment value,
                                   String operation, SocketAddress context) throws IOException {
        MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
        MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, (int) value.byteSize());
        int r;
        try {
            r = (int) Syscalls.GETSOCKOPT.invokeExact(cs, (int) handle, level, name, value, length);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (r < 0) {
            throw Errno.exception(operation + (context == null ? " socket " + handle : ""), context,
                    Syscalls.errno(cs));
        }
    }

    // ------------------------------------------------------------------ readiness

    @Override
    public int poll(long handle, int events, long wakeup, long timeoutMillis, MemorySegment scratch)
            throws IOException {
        scratch.set(ValueLayout.JAVA_INT, pollfd.fd$offset(), (int) handle);
        scratch.set(ValueLayout.JAVA_SHORT, pollfd.events$offset(), (short) events);
        scratch.set(ValueLayout.JAVA_SHORT, pollfd.revents$offset(), (short) 0);
        int count = 1;
        if (wakeup >= 0) {
            scratch.set(ValueLayout.JAVA_INT, POLLFD_SIZE + pollfd.fd$offset(), (int) wakeup);
            scratch.set(ValueLayout.JAVA_SHORT, POLLFD_SIZE + pollfd.events$offset(), (short) LibC.POLLIN());
            scratch.set(ValueLayout.JAVA_SHORT, POLLFD_SIZE + pollfd.revents$offset(), (short) 0);
            count = 2;
        }
        MemorySegment cs = scratch.asSlice(2L * POLLFD_SIZE, Syscalls.CALL_STATE.byteSize());
        int n;
        try {
            n = (int) Syscalls.POLL.invokeExact(cs, scratch, (long) count, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (n < 0) {
            int errno = Syscalls.errno(cs);
            if (errno == Errno.EINTR) {
                return 0;
            }
            throw Errno.exception("poll socket " + handle, null, errno);
        }
        return n == 0 ? 0 : scratch.get(ValueLayout.JAVA_SHORT, pollfd.revents$offset()) & 0xffff;
    }

    @Override
    public long pollScratchSize() {
        return 2L * POLLFD_SIZE + Syscalls.CALL_STATE.byteSize();
    }

    @Override
    public long callStateSize() {
        return Syscalls.CALL_STATE.byteSize();
    }

    @Override
    public Wakeup openWakeup() throws IOException {
        return new EventFdWakeup(this);
    }

    @Override
    public PollSet openPollSet() throws IOException {
        return new EPollSet(this);
    }

    @Override
    public PollSet openArrayPollSet() throws IOException {
        Wakeup wakeup = openWakeup();
        MemorySegment cs = Arena.ofAuto().allocate(Syscalls.CALL_STATE);
        return new ArrayPollSet(wakeup, POLLFD_SIZE) {
            @Override
            protected void setEntry(MemorySegment array, int i, long handle, int events) {
                long offset = (long) i * POLLFD_SIZE;
                array.set(ValueLayout.JAVA_INT, offset + pollfd.fd$offset(), (int) handle);
                array.set(ValueLayout.JAVA_SHORT, offset + pollfd.events$offset(), (short) events);
                array.set(ValueLayout.JAVA_SHORT, offset + pollfd.revents$offset(), (short) 0);
            }

            @Override
            protected int readyEventsOf(MemorySegment array, int i) {
                return array.get(ValueLayout.JAVA_SHORT, (long) i * POLLFD_SIZE + pollfd.revents$offset()) & 0xffff;
            }

            @Override
            protected int pollArray(MemorySegment array, int count, int timeoutMillis) throws IOException {
                int n;
                try {
                    n = (int) Syscalls.POLL.invokeExact(cs, array, (long) count, timeoutMillis);
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
                if (n < 0) {
                    int errno = Syscalls.errno(cs);
                    if (errno == Errno.EINTR) {
                        return IOStatus.INTERRUPTED;
                    }
                    throw Errno.exception("poll", null, errno);
                }
                return n;
            }
        };
    }

    // ------------------------------------------------------------------ for the Linux poll sets

    int epollCreate() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            int fd = (int) Syscalls.EPOLL_CREATE1.invokeExact(cs, LibC.EPOLL_CLOEXEC());
            if (fd < 0) {
                throw Errno.exception("epoll_create1", null, Syscalls.errno(cs));
            }
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    void epollCtl(int epfd, int op, int fd, MemorySegment event, MemorySegment callState) throws IOException {
        int r;
        try {
            r = (int) Syscalls.EPOLL_CTL.invokeExact(callState, epfd, op, fd, event);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (r < 0) {
            throw Errno.exception("epoll_ctl(" + op + ") of socket " + fd, null, Syscalls.errno(callState));
        }
    }

    /**
     * epoll_ctl that any thread may call at any time: no shared scratch memory. Returns whether it
     * succeeded; with {@code orThrow}, a failure is thrown instead (naming the OS error).
     */
    boolean epollCtlFromAnyThread(int epfd, int op, int fd, int events, long token, boolean orThrow)
            throws IOException {
        MemorySegment event = MemorySegment.ofArray(new byte[(int) EPOLL_EVENT_SIZE]);
        event.set(ValueLayout.JAVA_INT_UNALIGNED, 0, events);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, EPOLL_DATA_OFFSET, token);
        int r;
        try {
            r = (int) Syscalls.EPOLL_CTL_HEAP.invokeExact(epfd, op, fd, event);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (r == 0) {
            return true;
        }
        if (!orThrow) {
            return false;
        }
        // once more, capturing errno this time, in memory of this call's own
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeEvent = arena.allocate(EPOLL_EVENT_SIZE, 8);
            MemorySegment.copy(event, 0, nativeEvent, 0, EPOLL_EVENT_SIZE);
            epollCtl(epfd, op, fd, nativeEvent, arena.allocate(Syscalls.CALL_STATE));
            return true;
        }
    }

    boolean epollCtlFromAnyThread(int epfd, int op, int fd, int events, long token) throws IOException {
        return epollCtlFromAnyThread(epfd, op, fd, events, token, false);
    }

    int epollWait(int epfd, MemorySegment events, int max, int timeout, MemorySegment callState) throws IOException {
        int n;
        try {
            n = (int) Syscalls.EPOLL_WAIT.invokeExact(callState, epfd, events, max, timeout);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (n < 0) {
            int errno = Syscalls.errno(callState);
            if (errno == Errno.EINTR) {
                return IOStatus.INTERRUPTED;
            }
            throw Errno.exception("epoll_wait", null, errno);
        }
        return n;
    }

    int eventfd() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Syscalls.CALL_STATE);
            int fd = (int) Syscalls.EVENTFD.invokeExact(cs, 0, LibC.EFD_NONBLOCK() | LibC.EFD_CLOEXEC());
            if (fd < 0) {
                throw Errno.exception("eventfd", null, Syscalls.errno(cs));
            }
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    void eventfdWrite(int fd, MemorySegment counter, MemorySegment callState) throws IOException {
        long n;
        try {
            n = (long) Syscalls.WRITE_NATIVE.invokeExact(callState, fd, counter, 8L);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        // EAGAIN: the counter is at its maximum, so the eventfd is readable already
        if (n < 0 && Syscalls.errno(callState) != Errno.EAGAIN) {
            throw Errno.exception("signal eventfd " + fd, null, Syscalls.errno(callState));
        }
    }

    void eventfdRead(int fd, MemorySegment counter, MemorySegment callState) throws IOException {
        long n;
        try {
            n = (long) Syscalls.READ_NATIVE.invokeExact(callState, fd, counter, 8L);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        // EAGAIN: nothing to drain
        if (n < 0 && Syscalls.errno(callState) != Errno.EAGAIN) {
            throw Errno.exception("drain eventfd " + fd, null, Syscalls.errno(callState));
        }
    }
}
