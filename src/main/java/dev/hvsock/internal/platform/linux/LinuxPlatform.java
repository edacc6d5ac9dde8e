package dev.hvsock.internal.platform.linux;

import dev.hvsock.VsockTransport;
import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.internal.platform.AddressRules;
import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.LocalVsock;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.OsErrors.Operation;
import dev.hvsock.internal.platform.PollSet;
import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * The Linux platform: {@code AF_VSOCK} (the natural family; {@code hv_sock} on Hyper-V, virtio or
 * {@code vsock_loopback} elsewhere) and {@code AF_UNIX}, through libc ({@link Downcalls}), with epoll for
 * selectors ({@link EPollSet}) and eventfds for wakeups ({@link EventFdWakeup}). Addresses are
 * {@link LinuxSocketAddresses}', options {@link LinuxSocketOptions}'; what is here is policy: which
 * results are errors, and which error is which {@link IOStatus} or exception. As {@link LocalVsock} it tells
 * this machine's CID ({@link DevVsock}) and the vsock transports loaded ({@link VsockTransports}).
 *
 * <p>Loaded by name by {@code Platforms} on Linux only.
 */
public final class LinuxPlatform implements NativePlatform, LocalVsock {
    private static final int SOCK_FLAGS = LibC.SOCK_STREAM() | LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();
    private static final int ACCEPT_FLAGS = LibC.SOCK_NONBLOCK() | LibC.SOCK_CLOEXEC();
    private static final int MSG_NOSIGNAL = LibC.MSG_NOSIGNAL();
    private static final int MSG_DONTWAIT = LibC.MSG_DONTWAIT();
    private static final long IOVEC_SIZE = LinuxStructs.CURRENT.iovec().byteSize();
    private static final long IOVEC_BASE_OFFSET = LinuxStructs.offset(LinuxStructs.CURRENT.iovec(), "iov_base");
    private static final long IOVEC_LEN_OFFSET = LinuxStructs.offset(LinuxStructs.CURRENT.iovec(), "iov_len");
    private static final int IOV_MAX = 1024;

    /** Whether this is the {@link #arrayPollVariant()}: poll(2) sets, no in-kernel waits, parked platform threads. */
    private final boolean arrayPoll;
    private volatile LinuxPlatform arrayPollVariant;

    public LinuxPlatform() {
        this(false);
    }

    private LinuxPlatform(boolean arrayPoll) {
        this.arrayPoll = arrayPoll;
    }

    @Override
    public NativePlatform arrayPollVariant() {
        if (arrayPoll) {
            return this;
        }
        LinuxPlatform variant = arrayPollVariant;
        if (variant == null) {
            synchronized (this) {
                variant = arrayPollVariant;
                if (variant == null) {
                    arrayPollVariant = variant = new LinuxPlatform(true);
                }
            }
        }
        return variant;
    }

    @Override
    public AddressRules addressRules() {
        return LinuxSocketAddresses.RULES;
    }

    // ------------------------------------------------------------------ socket lifecycle

    @Override
    public long open(ProtocolFamily family) throws IOException {
        checkFamily(family);
        int domain = AddressRules.isUnix(family) ? LibC.AF_UNIX() : LibC.AF_VSOCK();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            int fd = Downcalls.socket(cs, domain, SOCK_FLAGS, 0);
            if (fd < 0) {
                int errno = Downcalls.errno(cs);
                if (errno == Errno.EAFNOSUPPORT) {
                    throw new UnsupportedOperationException("AF_VSOCK is not available on this machine: "
                            + "socket() failed with EAFNOSUPPORT (load a vsock transport, e.g. "
                            + "`modprobe vsock_loopback`, or run inside a VM)");
                }
                throw Errno.exception(Operation.OPEN, "open " + family + " socket", errno);
            }
            return fd;
        }
    }

    @Override
    public void bind(long handle, ProtocolFamily family, SocketAddress local) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            LinuxSocketAddresses.Encoded sa = LinuxSocketAddresses.encode(arena, family, local);
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            if (Downcalls.bind(cs, (int) handle, sa.segment(), sa.length()) < 0) {
                throw Errno.exception(Operation.BIND, local, Downcalls.errno(cs));
            }
        }
    }

    @Override
    public void listen(long handle, int backlog, SocketAddress local) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            if (Downcalls.listen(cs, (int) handle, backlog) < 0) {
                throw Errno.exception(Operation.LISTEN, local, Downcalls.errno(cs));
            }
        }
    }

    @Override
    public int connect(long handle, ProtocolFamily family, SocketAddress remote, boolean blocking)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            LinuxSocketAddresses.Encoded sa = LinuxSocketAddresses.encode(arena, family, remote);
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            while (true) {
                if (Downcalls.connect(cs, (int) handle, sa.segment(), sa.length()) == 0) {
                    return 1;
                }
                int errno = Downcalls.errno(cs);
                if (errno == Errno.EINPROGRESS) {
                    return 0;
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            // a failing getsockopt is as much a failed connect as the error it would have returned
            int error = getsockopt(arena, cs, handle, LibC.SOL_SOCKET(), LibC.SO_ERROR(), value) < 0
                    ? Downcalls.errno(cs) : value.get(ValueLayout.JAVA_INT, 0);
            if (error != 0) {
                throw Errno.exception(Operation.CONNECT, remote, error);
            }
        }
    }

    @Override
    public long accept(long handle, SocketAddress local, SocketAddress[] peer) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            MemorySegment sa = arena.allocate(LinuxSocketAddresses.MAX_SIZE, 8);
            MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, (int) LinuxSocketAddresses.MAX_SIZE);
            int fd = Downcalls.accept4(cs, (int) handle, sa, length, ACCEPT_FLAGS);
            if (fd >= 0) {
                peer[0] = LinuxSocketAddresses.decode(sa, length.get(ValueLayout.JAVA_INT, 0));
                return fd;
            }
            int errno = Downcalls.errno(cs);
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            if (Downcalls.shutdown(cs, (int) handle, how) < 0) {
                int errno = Downcalls.errno(cs);
                if (errno != Errno.ENOTCONN) {
                    // ENOTCONN: the peer already went away; there is nothing left to shut down
                    throw Errno.exception(Operation.SHUTDOWN, context, errno);
                }
            }
        }
    }

    @Override
    public void close(long handle) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            // After close(2) fails the descriptor is released anyway on Linux (even with EINTR): never retry.
            if (Downcalls.close(cs, (int) handle) < 0 && Downcalls.errno(cs) != Errno.EINTR) {
                throw Errno.exception(Operation.CLOSE, "close socket " + handle, Downcalls.errno(cs));
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
    public boolean canBlockInKernel() {
        return !arrayPoll;
    }

    @Override
    public void setBlocking(long handle, boolean blocking) throws IOException {
        // F_SETFL replaces the status flags, and O_NONBLOCK is the only one these sockets ever have: no F_GETFL
        int flags = blocking ? 0 : LibC.O_NONBLOCK();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            if (Downcalls.fcntl(cs, (int) handle, LibC.F_SETFL(), flags) < 0) {
                throw Errno.exception(Operation.CONFIGURE, "set blocking mode of socket " + handle,
                        Downcalls.errno(cs));
            }
        }
    }

    @Override
    public void preClose(long handle) {
        try (Arena arena = Arena.ofConfined()) {
            // ends recv/send calls waiting in the kernel; the outcome does not matter, the close follows
            Downcalls.shutdown(arena.allocate(Downcalls.CALL_STATE), (int) handle, LibC.SHUT_RDWR());
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(LinuxSocketAddresses.MAX_SIZE, 8);
            MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, (int) LinuxSocketAddresses.MAX_SIZE);
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            if (Downcalls.getsockname(cs, (int) handle, sa, length) < 0) {
                throw Errno.exception(Operation.NAME, "getsockname of socket " + handle, Downcalls.errno(cs));
            }
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(n.layout());
            LinuxSocketOptions.toNative(option, value, v);
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            if (Downcalls.setsockopt(cs, (int) handle, n.level(), n.name(), v, (int) v.byteSize()) < 0) {
                throw Errno.exception(Operation.CONFIGURE, "set " + option + " on socket " + handle,
                        Downcalls.errno(cs));
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(long handle, ProtocolFamily family, SocketOption<T> option) throws IOException {
        LinuxSocketOptions.Native n = LinuxSocketOptions.nativeName(option);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(n.layout());
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            if (getsockopt(arena, cs, handle, n.level(), n.name(), v) < 0) {
                throw Errno.exception(Operation.CONFIGURE, "get " + option + " of socket " + handle,
                        Downcalls.errno(cs));
            }
            return (T) LinuxSocketOptions.fromNative(option, v);
        }
    }

    /** getsockopt into all of {@code value}: its result, the error in {@code callState}. */
    private static int getsockopt(Arena arena, MemorySegment callState, long handle, int level, int name,
                                  MemorySegment value) {
        MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, (int) value.byteSize());
        return Downcalls.getsockopt(callState, (int) handle, level, name, value, length);
    }

    // ------------------------------------------------------------------ readiness

    @Override
    public int poll(long handle, int events, long wakeup, long timeoutMillis, MemorySegment scratch)
            throws IOException {
        PollFdSet.setPollFd(scratch, 0, handle, events);
        int count = 1;
        if (wakeup >= 0) {
            PollFdSet.setPollFd(scratch, 1, wakeup, Events.IN);
            count = 2;
        }
        MemorySegment cs = scratch.asSlice(2L * PollFdSet.ENTRY_SIZE, Downcalls.CALL_STATE.byteSize());
        int n = Downcalls.poll(cs, scratch, count, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        if (n < 0) {
            int errno = Downcalls.errno(cs);
            if (errno == Errno.EINTR) {
                return 0;
            }
            throw Errno.exception(Operation.POLL, "poll socket " + handle, errno);
        }
        return n == 0 ? 0 : PollFdSet.reventsOf(scratch, 0);
    }

    @Override
    public long pollScratchSize() {
        return 2L * PollFdSet.ENTRY_SIZE + Downcalls.CALL_STATE.byteSize();
    }

    @Override
    public long callStateSize() {
        return Downcalls.CALL_STATE.byteSize();
    }

    /** An eventfd per waiting channel direction is cheap: platform threads poll their socket themselves. */
    @Override
    public boolean platformThreadsPollThemselves() {
        return !arrayPoll;
    }

    @Override
    public Wakeup openWakeup() throws IOException {
        return new EventFdWakeup(this);
    }

    @Override
    public PollSet openPollSet() throws IOException {
        if (arrayPoll) {
            Wakeup wakeup = openWakeup();
            try {
                return new PollFdSet(wakeup);
            } catch (RuntimeException | Error e) {
                wakeup.close();
                throw e;
            }
        }
        return new EPollSet(this);
    }

    // ------------------------------------------------------------------ this machine, to vsock

    @Override
    public long localCid() throws IOException {
        return DevVsock.localCid();
    }

    @Override
    public Set<VsockTransport> transports() throws IOException {
        return VsockTransports.loaded(Path.of("/sys"));
    }
}
