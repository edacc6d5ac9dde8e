package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.HvSocketOptions;
import dev.hvsock.internal.ffi.windows.Kernel32;
import dev.hvsock.internal.ffi.windows.WinSockTypes;
import dev.hvsock.internal.ffi.windows._WSABUF;
import dev.hvsock.internal.platform.AddressRules;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.OsErrors.Operation;
import dev.hvsock.internal.platform.Sockets;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.UnixDomainSocketAddress;
import java.util.Set;

/**
 * The Windows platform's sockets: {@code AF_HYPERV} (the natural family) and {@code AF_UNIX} (Windows 10 1803
 * and later) through ws2_32.
 *
 * <p>Sockets are {@code SOCKET}s, 64-bit handles. Each is made non-blocking with {@code ioctlsocket(FIONBIO)}
 * and non-inheritable with {@code SetHandleInformation} right after {@code socket()}/{@code accept()}, as the
 * JDK does with its own; a child process started in the instant between the two calls can still inherit it
 * ({@code WSASocketW}'s {@code WSA_FLAG_NO_HANDLE_INHERIT} would close that gap, but is not bound).
 * Errors are captured by the linker ({@code WSAGetLastError}) and mapped by {@link WsaErrors}.
 *
 * <p>A Hyper-V socket gets a connect timeout ({@link WindowsSocketOptions#DEFAULT_CONNECT_TIMEOUT_MILLIS},
 * or the system property {@value WindowsSocketOptions#CONNECT_TIMEOUT_PROPERTY}) when it is opened: Windows'
 * own lets a connect to a silent partition hang for about 30 seconds. The option changes it per socket.
 *
 * <p>Connects: see {@link WsaPollSet} for how a failed non-blocking connect is noticed where {@code WSAPoll}
 * does not report it; {@link WindowsReadiness#poll} does the same for a single socket.
 */
final class WindowsSockets implements Sockets {
    private static final System.Logger LOG = System.getLogger(WindowsSockets.class.getName());

    private static final int AF_UNIX = WinSockTypes.AF_UNIX();
    private static final int AF_HYPERV = WinSockTypes.AF_HYPERV();
    private static final int SOCK_STREAM = WinSockTypes.SOCK_STREAM();
    private static final int HV_PROTOCOL_RAW = WinSockTypes.HV_PROTOCOL_RAW();
    private static final int SOL_SOCKET = WinSockTypes.SOL_SOCKET();
    private static final int SO_ERROR = WinSockTypes.SO_ERROR();
    private static final int FIONBIO = WinSockTypes.FIONBIO();
    private static final int SOCKET_ERROR = WinSockTypes.SOCKET_ERROR();
    private static final long INVALID_SOCKET = WinSockTypes.INVALID_SOCKET();
    private static final long WSABUF_SIZE = _WSABUF.sizeof();
    private static final long WSABUF_LEN_OFFSET = _WSABUF.len$offset();
    private static final long WSABUF_BUF_OFFSET = _WSABUF.buf$offset();
    private static final int MAX_VECTOR_ENTRIES = 1024;

    /** Where WSARecv/WSASend put the byte count and take the flags: per thread, so nothing is allocated per call. */
    private static final ThreadLocal<VectorScratch> VECTOR_SCRATCH = ThreadLocal.withInitial(VectorScratch::new);

    private static final class VectorScratch {
        final MemorySegment count;
        final MemorySegment flags;

        VectorScratch() {
            MemorySegment both = Arena.ofAuto().allocate(8, 4);
            count = both.asSlice(0, 4);
            flags = both.asSlice(4, 4);
        }
    }

    private final WindowsSocketOptions.DefaultConnectTimeout defaultConnectTimeout;
    private final PendingConnects connects = new PendingConnects(WindowsSockets::querySoError);
    private final HyperVOptionProbe optionProbe = new HyperVOptionProbe(this::openProbeSocket);

    /** Sockets of a started Winsock ({@link WindowsPlatform}), with the system property's default connect timeout. */
    WindowsSockets() {
        this.defaultConnectTimeout = WindowsSocketOptions.DefaultConnectTimeout.of(
                System.getProperty(WindowsSocketOptions.CONNECT_TIMEOUT_PROPERTY));
    }

    // ------------------------------------------------------------------ socket lifecycle

    @Override
    public long open(ProtocolFamily family) throws IOException {
        WindowsSocketAddresses.RULES.checkFamily(family);
        boolean unix = AddressRules.isUnix(family);
        int connectTimeoutMillis = unix ? 0 : defaultConnectTimeout.millisOrThrow();
        long s = openSocket(unix ? AF_UNIX : AF_HYPERV, unix ? 0 : HV_PROTOCOL_RAW, family.toString(), unix
                ? "AF_UNIX sockets are not available here (they need Windows 10 1803 / Server 2019 or later)"
                : "AF_HYPERV sockets are not available here (they need Windows 10 / Server 2016 or later with "
                        + "Hyper-V or the Virtual Machine Platform enabled)");
        if (!unix) {
            try (WinsockCall call = new WinsockCall()) {
                setsockopt(call, s, WindowsSocketOptions.toNative(HvSocketOptions.CONNECT_TIMEOUT,
                        connectTimeoutMillis), "set the default HV_CONNECT_TIMEOUT on");
            } catch (IOException | RuntimeException | Error e) {
                closeAfterFailure(s, e);
                throw e;
            }
        }
        return s;
    }

    /**
     * A new non-blocking, non-inheritable stream socket of address family {@code af}.
     *
     * @param what how messages name the kind of socket
     * @param missing what an {@link UnsupportedOperationException} says if this Windows lacks the family
     */
    long openSocket(int af, int protocol, String what, String missing) throws IOException {
        try (WinsockCall call = new WinsockCall()) {
            long s = Downcalls.socket(call.state(), af, SOCK_STREAM, protocol);
            if (s == INVALID_SOCKET) {
                int error = call.wsaError();
                if (error == WsaErrors.WSAEAFNOSUPPORT || error == WsaErrors.WSAEPROTONOSUPPORT
                        || error == WsaErrors.WSAESOCKTNOSUPPORT) {
                    throw new UnsupportedOperationException(missing + ": socket() failed with "
                            + WsaErrors.name(error));
                }
                throw WsaErrors.exception(Operation.OPEN, "open " + what + " socket", error);
            }
            try {
                prepare(call, s);
            } catch (IOException | RuntimeException | Error e) {
                closeAfterFailure(s, e);
                throw e;
            }
            return s;
        }
    }

    /** Makes a new socket non-inheritable and non-blocking. */
    private static void prepare(WinsockCall call, long s) throws IOException {
        if (Downcalls.setHandleInformation(call.state(), MemorySegment.ofAddress(s), Kernel32.HANDLE_FLAG_INHERIT(),
                0) == 0) {
            // Not fatal, as for the JDK: a socket of a layered service provider is no kernel handle and
            // refuses this; it works all the same, only inheritable.
            LOG.log(System.Logger.Level.DEBUG, "socket {0} stays inheritable: SetHandleInformation failed with "
                    + "Win32 error {1}", s, call.lastError());
        }
        setBlocking(call, s, false);
    }

    private static void setBlocking(WinsockCall call, long s, boolean blocking) throws IOException {
        MemorySegment arg = call.arena().allocateFrom(ValueLayout.JAVA_INT, blocking ? 0 : 1);
        call.check(Downcalls.ioctlsocket(call.state(), s, FIONBIO, arg), Operation.CONFIGURE,
                "set FIONBIO on socket " + s);
    }

    private void closeAfterFailure(long s, Throwable failure) {
        try {
            close(s);
        } catch (IOException | RuntimeException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    @Override
    public void bind(long handle, ProtocolFamily family, SocketAddress local) throws IOException {
        try (WinsockCall call = new WinsockCall()) {
            MemorySegment sa = call.arena().allocate(WindowsSocketAddresses.MAX_SIZE, 8);
            int length = WindowsSocketAddresses.encode(sa, family, local, true);
            bindEncoded(handle, sa, length, local);
        }
    }

    /** Binds {@code handle} to the {@code length} bytes of address in {@code sa}; {@code local} names it. */
    void bindEncoded(long handle, MemorySegment sa, int length, SocketAddress local) throws IOException {
        try (WinsockCall call = new WinsockCall()) {
            call.check(Downcalls.bind(call.state(), handle, sa, length), Operation.BIND, local);
        }
    }

    @Override
    public void listen(long handle, int backlog, SocketAddress local) throws IOException {
        try (WinsockCall call = new WinsockCall()) {
            call.check(Downcalls.listen(call.state(), handle, backlog), Operation.LISTEN, local);
        }
    }

    @Override
    public int connect(long handle, ProtocolFamily family, SocketAddress remote, boolean blocking)
            throws IOException {
        try (WinsockCall call = new WinsockCall()) {
            MemorySegment sa = call.arena().allocate(WindowsSocketAddresses.MAX_SIZE, 8);
            int length = WindowsSocketAddresses.encode(sa, family, remote, false);
            return connectEncoded(handle, sa, length, remote);
        }
    }

    /** As {@link #connect}, to the {@code length} bytes of address in {@code sa}; {@code remote} names it. */
    int connectEncoded(long handle, MemorySegment sa, int length, SocketAddress remote) throws IOException {
        try (WinsockCall call = new WinsockCall()) {
            while (true) {
                if (Downcalls.connect(call.state(), handle, sa, length) != SOCKET_ERROR) {
                    return 1;
                }
                int error = call.wsaError();
                if (error == WsaErrors.WSAEWOULDBLOCK || error == WsaErrors.WSAEINPROGRESS
                        || error == WsaErrors.WSAEALREADY) {
                    connects.started(handle);
                    return 0;
                }
                if (error == WsaErrors.WSAEISCONN) {
                    return 1;
                }
                if (error != WsaErrors.WSAEINTR) {
                    throw WsaErrors.exception(Operation.CONNECT, remote, error);
                }
            }
        }
    }

    @Override
    public void checkConnectResult(long handle, SocketAddress remote) throws IOException {
        int error = connects.finish(handle);
        if (error != 0) {
            throw WsaErrors.exception(Operation.CONNECT, remote, error);
        }
    }

    /** The connects in progress, for the poll sets. */
    PendingConnects connects() {
        return connects;
    }

    /** {@code SO_ERROR} of {@code handle}; if even getsockopt fails, its error, as the socket is no good. */
    private static int querySoError(long handle) {
        try (WinsockCall call = new WinsockCall()) {
            MemorySegment value = call.arena().allocateFrom(ValueLayout.JAVA_INT, 0);
            MemorySegment length = call.arena().allocateFrom(ValueLayout.JAVA_INT, 4);
            if (Downcalls.getsockopt(call.state(), handle, SOL_SOCKET, SO_ERROR, value, length) == SOCKET_ERROR) {
                return call.wsaError();
            }
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** As the interface says; {@code peer} may be null here, for the wakeup pair's TCP listener. */
    @Override
    public long accept(long handle, SocketAddress local, SocketAddress[] peer) throws IOException {
        try (WinsockCall call = new WinsockCall()) {
            MemorySegment sa = call.arena().allocate(WindowsSocketAddresses.MAX_SIZE, 8);
            MemorySegment length = call.arena().allocateFrom(ValueLayout.JAVA_INT,
                    (int) WindowsSocketAddresses.MAX_SIZE);
            long s = Downcalls.accept(call.state(), handle, sa, length);
            if (s == INVALID_SOCKET) {
                int error = call.wsaError();
                if (error == WsaErrors.WSAEWOULDBLOCK) {
                    return IOStatus.UNAVAILABLE;
                }
                if (error == WsaErrors.WSAEINTR || error == WsaErrors.WSAECONNRESET
                        || error == WsaErrors.WSAECONNABORTED) {
                    // a connection reset while queued is not an error of the listener: try again
                    return IOStatus.INTERRUPTED;
                }
                throw WsaErrors.exception(Operation.ACCEPT, local, error);
            }
            try {
                // accepted sockets take the listener's non-blocking mode; set it anyway rather than rely on it
                prepare(call, s);
                if (peer != null) {
                    peer[0] = WindowsSocketAddresses.decode(sa, length.get(ValueLayout.JAVA_INT, 0));
                    if (peer[0] instanceof HvSocketAddress) {
                        inheritListenerOptions(handle, s);
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                closeAfterFailure(s, e);
                throw e;
            }
            return s;
        }
    }

    /** Gives an accepted Hyper-V socket the listener's {@link WindowsSocketOptions#INHERITED_BY_ACCEPTED} settings. */
    private void inheritListenerOptions(long listener, long accepted) throws IOException {
        for (SocketOption<Boolean> option : WindowsSocketOptions.INHERITED_BY_ACCEPTED) {
            if (getOption(listener, HvProtocolFamily.HYPERV, option)) {
                setOption(accepted, HvProtocolFamily.HYPERV, option, true);
            }
        }
    }

    @Override
    public void shutdownInput(long handle, SocketAddress context) throws IOException {
        shutdown(handle, WinSockTypes.SD_RECEIVE(), context);
    }

    @Override
    public void shutdownOutput(long handle, SocketAddress context) throws IOException {
        shutdown(handle, WinSockTypes.SD_SEND(), context);
    }

    private static void shutdown(long handle, int how, SocketAddress context) throws IOException {
        try (WinsockCall call = new WinsockCall()) {
            if (Downcalls.shutdown(call.state(), handle, how) == SOCKET_ERROR) {
                int error = call.wsaError();
                if (error != WsaErrors.WSAENOTCONN) {
                    // WSAENOTCONN: the peer already went away; there is nothing left to shut down
                    throw WsaErrors.exception(Operation.SHUTDOWN, context, error);
                }
            }
        }
    }

    @Override
    public void close(long handle) throws IOException {
        connects.forget(handle);
        try (WinsockCall call = new WinsockCall()) {
            if (Downcalls.closesocket(call.state(), handle) != SOCKET_ERROR) {
                return;
            }
            int error = call.wsaError();
            if (error == WsaErrors.WSAEWOULDBLOCK) {
                // SO_LINGER with a timeout on a non-blocking socket: closesocket refuses and the handle stays
                // open. Linger as asked, in blocking mode.
                setBlocking(call, handle, true);
                if (Downcalls.closesocket(call.state(), handle) != SOCKET_ERROR) {
                    return;
                }
                error = call.wsaError();
            }
            throw WsaErrors.exception(Operation.CLOSE, "close socket " + handle, error);
        }
    }

    // ------------------------------------------------------------------ data

    @Override
    public int read(long handle, MemorySegment dst, MemorySegment callState, SocketAddress context)
            throws IOException {
        int length = (int) Math.min(dst.byteSize(), Integer.MAX_VALUE);
        if (length == 0) {
            return 0;
        }
        int n = Downcalls.recv(callState, handle, dst, length, 0);
        if (n > 0) {
            return n;
        }
        if (n == 0) {
            return IOStatus.EOF;
        }
        return readStatus(Downcalls.wsaError(callState), context);
    }

    @Override
    public int write(long handle, MemorySegment src, MemorySegment callState, SocketAddress context)
            throws IOException {
        int length = (int) Math.min(src.byteSize(), Integer.MAX_VALUE);
        // no SIGPIPE on Windows: a closed peer gives WSAECONNRESET/WSAECONNABORTED, no flag needed
        int n = Downcalls.send(callState, handle, src, length, 0);
        if (n >= 0) {
            return n;
        }
        return status(Downcalls.wsaError(callState), Operation.WRITE, context);
    }

    /**
     * A read's error as a status: {@code WSAESHUTDOWN} comes only after this socket's own
     * {@code shutdown(SD_RECEIVE)} (go-winio's hvsock_test.go sees it for a recv after {@code CloseRead}),
     * where NIO reads the end of the stream.
     */
    private static int readStatus(int error, SocketAddress context) throws IOException {
        return error == WsaErrors.WSAESHUTDOWN ? IOStatus.EOF : status(error, Operation.READ, context);
    }

    private static int status(int error, Operation operation, SocketAddress context) throws IOException {
        if (error == WsaErrors.WSAEWOULDBLOCK) {
            return IOStatus.UNAVAILABLE;
        }
        if (error == WsaErrors.WSAEINTR) {
            return IOStatus.INTERRUPTED;
        }
        throw WsaErrors.exception(operation, context, error);
    }

    @Override
    public long vectorEntrySize() {
        return WSABUF_SIZE;
    }

    @Override
    public int maxVectorEntries() {
        return MAX_VECTOR_ENTRIES;
    }

    /** A {@code WSABUF}: {@code ULONG len} (32-bit), then {@code char *buf}. */
    @Override
    public void setVectorEntry(MemorySegment vector, int index, long address, long length) {
        long offset = index * WSABUF_SIZE;
        vector.set(ValueLayout.JAVA_INT, offset + WSABUF_LEN_OFFSET, (int) Math.min(length, Integer.MAX_VALUE));
        vector.set(ValueLayout.JAVA_LONG, offset + WSABUF_BUF_OFFSET, address);
    }

    @Override
    public long readv(long handle, MemorySegment vector, int count, MemorySegment callState, SocketAddress context)
            throws IOException {
        VectorScratch scratch = VECTOR_SCRATCH.get();
        scratch.flags.set(ValueLayout.JAVA_INT, 0, 0);
        int r = Downcalls.wsaRecv(callState, handle, vector, count, scratch.count, scratch.flags,
                MemorySegment.NULL, MemorySegment.NULL);
        if (r == SOCKET_ERROR) {
            return readStatus(Downcalls.wsaError(callState), context);
        }
        // A DWORD; a non-blocking call moves at most what the socket buffers hold, far below 4 GiB.
        long n = Integer.toUnsignedLong(scratch.count.get(ValueLayout.JAVA_INT, 0));
        return n == 0 ? IOStatus.EOF : n;
    }

    @Override
    public long writev(long handle, MemorySegment vector, int count, MemorySegment callState, SocketAddress context)
            throws IOException {
        VectorScratch scratch = VECTOR_SCRATCH.get();
        int r = Downcalls.wsaSend(callState, handle, vector, count, scratch.count, 0,
                MemorySegment.NULL, MemorySegment.NULL);
        if (r == SOCKET_ERROR) {
            return status(Downcalls.wsaError(callState), Operation.WRITE, context);
        }
        return Integer.toUnsignedLong(scratch.count.get(ValueLayout.JAVA_INT, 0));
    }

    // ------------------------------------------------------------------ addresses of a socket

    @Override
    public SocketAddress localAddress(long handle, ProtocolFamily family) throws IOException {
        try (WinsockCall call = new WinsockCall()) {
            MemorySegment sa = call.arena().allocate(WindowsSocketAddresses.MAX_SIZE, 8);
            MemorySegment length = call.arena().allocateFrom(ValueLayout.JAVA_INT,
                    (int) WindowsSocketAddresses.MAX_SIZE);
            if (Downcalls.getsockname(call.state(), handle, sa, length) == SOCKET_ERROR) {
                int error = call.wsaError();
                if (AddressRules.isUnix(family) && error == WsaErrors.WSAEINVAL) {
                    // Winsock's getsockname says WSAEINVAL for a socket that was never bound: an unnamed
                    // Unix socket (e.g. a client that connected without binding)
                    return UnixDomainSocketAddress.of("");
                }
                throw WsaErrors.exception(Operation.NAME, "getsockname of socket " + handle, error);
            }
            return WindowsSocketAddresses.decode(sa, length.get(ValueLayout.JAVA_INT, 0));
        }
    }

    /** The port the system gave the {@code AF_INET} socket {@code handle} (the wakeup pair's TCP listener). */
    int inetPort(long handle) throws IOException {
        try (WinsockCall call = new WinsockCall()) {
            MemorySegment sa = call.arena().allocate(WindowsSocketAddresses.MAX_SIZE, 8);
            MemorySegment length = call.arena().allocateFrom(ValueLayout.JAVA_INT,
                    (int) WindowsSocketAddresses.MAX_SIZE);
            call.check(Downcalls.getsockname(call.state(), handle, sa, length), Operation.NAME,
                    "getsockname of socket " + handle);
            return WindowsSocketAddresses.inetPort(sa);
        }
    }

    // ------------------------------------------------------------------ options

    @Override
    public Set<SocketOption<?>> supportedOptions(ProtocolFamily family, boolean server) {
        boolean unix = AddressRules.isUnix(family);
        return WindowsSocketOptions.supported(unix, server, unix ? Set.of() : optionProbe.accepted());
    }

    /** A fresh Hyper-V socket for {@link HyperVOptionProbe} to try options on. */
    private HyperVOptionProbe.Socket openProbeSocket() throws IOException {
        long handle = open(HvProtocolFamily.HYPERV);
        return new HyperVOptionProbe.Socket() {
            @Override
            public void set(SocketOption<Boolean> option, boolean value) throws IOException {
                setOption(handle, HvProtocolFamily.HYPERV, option, value);
            }

            @Override
            public boolean get(SocketOption<Boolean> option) throws IOException {
                return getOption(handle, HvProtocolFamily.HYPERV, option);
            }

            @Override
            public void close() throws IOException {
                WindowsSockets.this.close(handle);
            }
        };
    }

    @Override
    public <T> void setOption(long handle, ProtocolFamily family, SocketOption<T> option, T value)
            throws IOException {
        WindowsSocketOptions.Native n = WindowsSocketOptions.toNative(option, value);
        try (WinsockCall call = new WinsockCall()) {
            setsockopt(call, handle, n, "set " + option + " on");
        }
    }

    static void setsockopt(WinsockCall call, long handle, WindowsSocketOptions.Native n, String what)
            throws IOException {
        MemorySegment value = call.arena().allocateFrom(ValueLayout.JAVA_INT, n.value());
        call.check(Downcalls.setsockopt(call.state(), handle, n.level(), n.name(), value, 4), Operation.CONFIGURE,
                what + " socket " + handle);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(long handle, ProtocolFamily family, SocketOption<T> option) throws IOException {
        WindowsSocketOptions.Native n = WindowsSocketOptions.nativeName(option);
        try (WinsockCall call = new WinsockCall()) {
            // zeroed, so that an option Windows returns in fewer bytes (a BOOL byte) still reads right
            MemorySegment value = call.arena().allocateFrom(ValueLayout.JAVA_INT, 0);
            MemorySegment length = call.arena().allocateFrom(ValueLayout.JAVA_INT, 4);
            if (Downcalls.getsockopt(call.state(), handle, n.level(), n.name(), value, length) == SOCKET_ERROR) {
                throw WsaErrors.exception(Operation.CONFIGURE, "get " + option + " of socket " + handle,
                        call.wsaError());
            }
            return (T) WindowsSocketOptions.fromNative(option, value.get(ValueLayout.JAVA_INT, 0));
        }
    }

    @Override
    public long callStateSize() {
        return Downcalls.CALL_STATE.byteSize();
    }
}
