package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.internal.platform.AddressRules;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.OsErrors.Operation;
import dev.hvsock.internal.platform.Sockets;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.Objects;
import java.util.Set;

/**
 * The Linux platform's sockets: {@code AF_VSOCK} (the natural family; {@code hv_sock} on Hyper-V, virtio or
 * {@code vsock_loopback} elsewhere) and {@code AF_UNIX}, through libc ({@link Downcalls}). Addresses are
 * {@link LinuxSocketAddresses}', options {@link LinuxSocketOptions}'; what is here is policy: which
 * results are errors, and which error is which {@link IOStatus} or exception.
 */
public final class LinuxSockets implements Sockets {
    private static final int SOCK_FLAGS = LibC.SOCK_STREAM() | LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();
    private static final int ACCEPT_FLAGS = LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();
    private static final int MSG_NOSIGNAL = LibC.MSG_NOSIGNAL();
    private static final int MSG_DONTWAIT = LibC.MSG_DONTWAIT();
    private static final long IOVEC_SIZE = LinuxStructs.CURRENT.iovec().byteSize();
    private static final long IOVEC_BASE_OFFSET = LinuxStructs.offset(LinuxStructs.CURRENT.iovec(), "iov_base");
    private static final long IOVEC_LEN_OFFSET = LinuxStructs.offset(LinuxStructs.CURRENT.iovec(), "iov_len");
    private static final int IOV_MAX = 1024;

    // ------------------------------------------------------------------ socket lifecycle

    @Override
    public long open(ProtocolFamily family) throws IOException {
        LinuxSocketAddresses.RULES.checkFamily(family);
        int domain = AddressRules.isUnix(family) ? LibC.AF_UNIX() : LibC.AF_VSOCK();
        try (LibcCall call = new LibcCall()) {
            int fd = Downcalls.socket(call.state(), domain, SOCK_FLAGS, 0);
            if (fd < 0 && call.errno() == Errno.EAFNOSUPPORT) {
                throw new UnsupportedOperationException("AF_VSOCK is not available on this machine: "
                        + "socket() failed with EAFNOSUPPORT (load a vsock transport, e.g. "
                        + "`modprobe vsock_loopback`, or run inside a VM)");
            }
            return call.check(fd, Operation.OPEN, "open " + family + " socket");
        }
    }

    @Override
    public void bind(long handle, ProtocolFamily family, SocketAddress local) throws IOException {
        try (LibcCall call = new LibcCall()) {
            LinuxSocketAddresses.Encoded sa = LinuxSocketAddresses.encode(call.arena(), family, local);
            call.check(Downcalls.bind(call.state(), (int) handle, sa.segment(), sa.length()), Operation.BIND, local);
        }
    }

    @Override
    public void listen(long handle, int backlog, SocketAddress local) throws IOException {
        try (LibcCall call = new LibcCall()) {
            call.check(Downcalls.listen(call.state(), (int) handle, backlog), Operation.LISTEN, local);
        }
    }

    @Override
    public int connect(long handle, ProtocolFamily family, SocketAddress remote, boolean blocking)
            throws IOException {
        try (LibcCall call = new LibcCall()) {
            LinuxSocketAddresses.Encoded sa = LinuxSocketAddresses.encode(call.arena(), family, remote);
            while (true) {
                if (Downcalls.connect(call.state(), (int) handle, sa.segment(), sa.length()) == 0) {
                    return 1;
                }
                int errno = call.errno();
                if (errno == Errno.EINPROGRESS || errno == Errno.EALREADY) {
                    // EALREADY: restarted after EINTR, the connect started before goes on
                    return 0;
                }
                if (errno == Errno.EISCONN) {
                    return 1; // restarted after EINTR, the connect started before has completed
                }
                if (errno == Errno.EAGAIN && blocking) {
                    // a Unix listener's backlog is full: the caller waits and tries again
                    return IOStatus.UNAVAILABLE;
                }
                if (errno != Errno.EINTR) {
                    throw Errno.exception(Operation.CONNECT, remote, errno);
                }
            }
        }
    }

    @Override
    public void checkConnectResult(long handle, SocketAddress remote) throws IOException {
        try (LibcCall call = new LibcCall()) {
            MemorySegment value = call.arena().allocate(ValueLayout.JAVA_INT);
            // a failing getsockopt is as much a failed connect as the error it would have returned
            int error = getsockopt(call, handle, LibC.SOL_SOCKET(), LibC.SO_ERROR(), value) < 0
                    ? call.errno() : value.get(ValueLayout.JAVA_INT, 0);
            if (error != 0) {
                throw Errno.exception(Operation.CONNECT, remote, error);
            }
        }
    }

    @Override
    public long accept(long handle, SocketAddress local, SocketAddress[] peer) throws IOException {
        try (LibcCall call = new LibcCall()) {
            MemorySegment sa = call.arena().allocate(LinuxSocketAddresses.MAX_SIZE, 8);
            MemorySegment length = call.arena().allocateFrom(ValueLayout.JAVA_INT,
                    (int) LinuxSocketAddresses.MAX_SIZE);
            int fd = Downcalls.accept4(call.state(), (int) handle, sa, length, ACCEPT_FLAGS);
            if (fd >= 0) {
                peer[0] = LinuxSocketAddresses.decode(sa, length.get(ValueLayout.JAVA_INT, 0));
                return fd;
            }
            int errno = call.errno();
            if (errno == Errno.EAGAIN) {
                return IOStatus.UNAVAILABLE;
            }
            if (errno == Errno.EINTR || errno == Errno.ECONNABORTED) {
                // a connection that was reset while queued is not an error of the listener: try again
                return IOStatus.INTERRUPTED;
            }
            throw Errno.exception(Operation.ACCEPT, local, errno);
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

    private static void shutdown(long handle, int how, SocketAddress context) throws IOException {
        try (LibcCall call = new LibcCall()) {
            // ENOTCONN: the peer already went away; there is nothing left to shut down
            if (Downcalls.shutdown(call.state(), (int) handle, how) < 0 && call.errno() != Errno.ENOTCONN) {
                throw Errno.exception(Operation.SHUTDOWN, context, call.errno());
            }
        }
    }

    @Override
    public void close(long handle) throws IOException {
        try (LibcCall call = new LibcCall()) {
            // After close(2) fails the descriptor is released anyway on Linux (even with EINTR): never retry.
            if (Downcalls.close(call.state(), (int) handle) < 0 && call.errno() != Errno.EINTR) {
                throw Errno.exception(Operation.CLOSE, "close socket " + handle, call.errno());
            }
        }
    }

    // ------------------------------------------------------------------ data

    @Override
    public int read(long handle, MemorySegment dst, MemorySegment callState, SocketAddress context)
            throws IOException {
        long n = Downcalls.recv(callState, (int) handle, dst, dst.byteSize(), MSG_DONTWAIT);
        if (n > 0) {
            return (int) n;
        }
        if (n == 0) {
            return IOStatus.EOF;
        }
        return status(Downcalls.errno(callState), Operation.READ, context);
    }

    @Override
    public int write(long handle, MemorySegment src, MemorySegment callState, SocketAddress context)
            throws IOException {
        long n = Downcalls.send(callState, (int) handle, src, src.byteSize(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0) {
            return (int) n;
        }
        return status(Downcalls.errno(callState), Operation.WRITE, context);
    }

    @Override
    public void setBlocking(long handle, boolean blocking) throws IOException {
        // F_SETFL replaces the status flags, and O_NONBLOCK is the only one these sockets ever have: no F_GETFL
        int flags = blocking ? 0 : LibC.O_NONBLOCK();
        try (LibcCall call = new LibcCall()) {
            call.check(Downcalls.fcntl(call.state(), (int) handle, LibC.F_SETFL(), flags), Operation.CONFIGURE,
                    "set blocking mode of socket " + handle);
        }
    }

    @Override
    public void preClose(long handle) {
        try (LibcCall call = new LibcCall()) {
            // ends recv/send calls waiting in the kernel; the outcome does not matter, the close follows
            Downcalls.shutdown(call.state(), (int) handle, LibC.SHUT_RDWR());
        }
    }

    @Override
    public int readBlocking(long handle, MemorySegment dst, long length, MemorySegment callState,
                            SocketAddress context) throws IOException {
        Objects.checkFromIndexSize(0, length, dst.byteSize());
        long n = Downcalls.recvBlocking(callState, (int) handle, dst, length, 0);
        if (n > 0) {
            return (int) n;
        }
        if (n == 0) {
            return IOStatus.EOF;
        }
        return status(Downcalls.errno(callState), Operation.READ, context);
    }

    @Override
    public int writeBlocking(long handle, MemorySegment src, long length, MemorySegment callState,
                             SocketAddress context) throws IOException {
        Objects.checkFromIndexSize(0, length, src.byteSize());
        long n = Downcalls.sendBlocking(callState, (int) handle, src, length, MSG_NOSIGNAL);
        if (n >= 0) {
            return (int) n;
        }
        return status(Downcalls.errno(callState), Operation.WRITE, context);
    }

    /** The {@link IOStatus} for a failed read or write, or its exception. */
    private static int status(int errno, Operation operation, SocketAddress context) throws IOException {
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
        vector.set(ValueLayout.JAVA_LONG, offset + IOVEC_BASE_OFFSET, address);
        vector.set(ValueLayout.JAVA_LONG, offset + IOVEC_LEN_OFFSET, length);
    }

    @Override
    public long readv(long handle, MemorySegment vector, int count, MemorySegment callState, SocketAddress context)
            throws IOException {
        long n = Downcalls.readv(callState, (int) handle, vector, count);
        if (n > 0) {
            return n;
        }
        if (n == 0) {
            return IOStatus.EOF;
        }
        return status(Downcalls.errno(callState), Operation.READ, context);
    }

    @Override
    public long writev(long handle, MemorySegment vector, int count, MemorySegment callState, SocketAddress context)
            throws IOException {
        // writev has no MSG_NOSIGNAL; the JVM ignores SIGPIPE, so a closed peer gives EPIPE here too
        long n = Downcalls.writev(callState, (int) handle, vector, count);
        if (n >= 0) {
            return n;
        }
        return status(Downcalls.errno(callState), Operation.WRITE, context);
    }

    // ------------------------------------------------------------------ addresses of a socket

    @Override
    public SocketAddress localAddress(long handle, ProtocolFamily family) throws IOException {
        try (LibcCall call = new LibcCall()) {
            MemorySegment sa = call.arena().allocate(LinuxSocketAddresses.MAX_SIZE, 8);
            MemorySegment length = call.arena().allocateFrom(ValueLayout.JAVA_INT,
                    (int) LinuxSocketAddresses.MAX_SIZE);
            call.check(Downcalls.getsockname(call.state(), (int) handle, sa, length), Operation.NAME,
                    "getsockname of socket " + handle);
            return LinuxSocketAddresses.decode(sa, length.get(ValueLayout.JAVA_INT, 0));
        }
    }

    // ------------------------------------------------------------------ options

    @Override
    public Set<SocketOption<?>> supportedOptions(ProtocolFamily family, boolean server) {
        return LinuxSocketOptions.supported(AddressRules.isUnix(family), server);
    }

    @Override
    public <T> void setOption(long handle, ProtocolFamily family, SocketOption<T> option, T value)
            throws IOException {
        LinuxSocketOptions.Native n = LinuxSocketOptions.nativeName(option);
        try (LibcCall call = new LibcCall()) {
            MemorySegment v = call.arena().allocate(n.layout());
            LinuxSocketOptions.toNative(option, value, v);
            call.check(Downcalls.setsockopt(call.state(), (int) handle, n.level(), n.name(), v, (int) v.byteSize()),
                    Operation.CONFIGURE, "set " + option + " on socket " + handle);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(long handle, ProtocolFamily family, SocketOption<T> option) throws IOException {
        LinuxSocketOptions.Native n = LinuxSocketOptions.nativeName(option);
        try (LibcCall call = new LibcCall()) {
            MemorySegment v = call.arena().allocate(n.layout());
            call.check(getsockopt(call, handle, n.level(), n.name(), v), Operation.CONFIGURE,
                    "get " + option + " of socket " + handle);
            return (T) LinuxSocketOptions.fromNative(option, v);
        }
    }

    /** getsockopt into all of {@code value}: its result, the error in {@code call}. */
    private static int getsockopt(LibcCall call, long handle, int level, int name, MemorySegment value) {
        MemorySegment length = call.arena().allocateFrom(ValueLayout.JAVA_INT, (int) value.byteSize());
        return Downcalls.getsockopt(call.state(), (int) handle, level, name, value, length);
    }

    @Override
    public long callStateSize() {
        return Downcalls.CALL_STATE.byteSize();
    }
}
