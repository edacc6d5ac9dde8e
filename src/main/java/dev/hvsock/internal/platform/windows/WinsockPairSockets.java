package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows.WinSockTypes;
import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.IOStatus;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;

/**
 * The socket calls of {@link WakeupPairSetup} on Windows: {@code AF_UNIX} through the platform's own
 * methods, loopback TCP ({@code AF_INET}, which no channel has) through the same calls with a
 * {@code sockaddr_in}. The sockets are non-blocking; every wait is a {@code WSAPoll} of at most
 * {@link #TIMEOUT_MILLIS}, so that a setup that goes wrong fails instead of hanging.
 *
 * <p>Used by one thread, for one setup: its scratch memory lives in the caller's arena.
 */
final class WinsockPairSockets implements WakeupPairSetup.Sockets {
    static final long TIMEOUT_MILLIS = 10_000;
    private static final int AF_INET = WinSockTypes.AF_INET();
    private static final int IPPROTO_TCP = WinSockTypes.IPPROTO_TCP();

    private final WindowsSockets platform;
    private final WindowsReadiness readiness;
    private final MemorySegment scratch;
    private final MemorySegment callState;

    WinsockPairSockets(WindowsSockets platform, WindowsReadiness readiness, Arena arena) {
        this.platform = platform;
        this.readiness = readiness;
        this.scratch = arena.allocate(readiness.pollScratchSize(), 8);
        this.callState = arena.allocate(platform.callStateSize(), 8);
    }

    private long open(SocketAddress address) throws IOException {
        if (address instanceof UnixDomainSocketAddress) {
            return platform.open(StandardProtocolFamily.UNIX);
        }
        return platform.openSocket(AF_INET, IPPROTO_TCP, "loopback TCP",
                "loopback TCP sockets are not available here");
    }

    @Override
    public long listen(SocketAddress address) throws IOException {
        long s = open(address);
        boolean bound = false;
        try {
            if (address instanceof UnixDomainSocketAddress) {
                platform.bind(s, StandardProtocolFamily.UNIX, address);
            } else {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment sa = arena.allocate(WindowsSocketAddresses.MAX_SIZE, 8);
                    int length = WindowsSocketAddresses.encodeLoopbackInet(sa,
                            ((InetSocketAddress) address).getPort());
                    platform.bindEncoded(s, sa, length, address);
                }
            }
            bound = true;
            platform.listen(s, WakeupPairSetup.MAX_ACCEPTS, address);
            return s;
        } catch (IOException | RuntimeException | Error e) {
            close(s);
            if (bound && address instanceof UnixDomainSocketAddress unix) {
                Files.deleteIfExists(unix.getPath());
            }
            throw e;
        }
    }

    @Override
    public SocketAddress connectAddress(long listener, SocketAddress bound) throws IOException {
        if (bound instanceof InetSocketAddress inet) {
            return new InetSocketAddress(inet.getAddress(), platform.inetPort(listener));
        }
        return bound;
    }

    @Override
    public long connect(SocketAddress address) throws IOException {
        long s = open(address);
        try {
            int r;
            if (address instanceof UnixDomainSocketAddress) {
                r = platform.connect(s, StandardProtocolFamily.UNIX, address, false);
            } else {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment sa = arena.allocate(WindowsSocketAddresses.MAX_SIZE, 8);
                    int length = WindowsSocketAddresses.encodeLoopbackInet(sa, ((InetSocketAddress) address).getPort());
                    r = platform.connectEncoded(s, sa, length, address);
                }
            }
            if (r <= 0) {
                await(s, Events.OUT, "connect to " + address);
                platform.checkConnectResult(s, address);
            }
            return s;
        } catch (IOException | RuntimeException | Error e) {
            close(s);
            throw e;
        }
    }

    @Override
    public long accept(long listener) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000;
        while (true) {
            long s = platform.accept(listener, null, null);
            if (s >= 0) {
                return s;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("accept timed out after " + TIMEOUT_MILLIS + " ms");
            }
            if (s == IOStatus.UNAVAILABLE) {
                await(listener, Events.IN, "accept");
            }
        }
    }

    @Override
    public void write(long socket, byte[] bytes) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            transfer(socket, buffer, true);
        }
    }

    @Override
    public void read(long socket, byte[] bytes) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(bytes.length);
            transfer(socket, buffer, false);
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, bytes, 0, bytes.length);
        }
    }

    /** Sends or receives all of {@code buffer}, waiting (boundedly) for readiness. */
    private void transfer(long socket, MemorySegment buffer, boolean send) throws IOException {
        long done = 0;
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000;
        while (done < buffer.byteSize()) {
            MemorySegment rest = buffer.asSlice(done);
            int n = send ? platform.write(socket, rest, callState, null) : platform.read(socket, rest, callState, null);
            if (n == IOStatus.EOF) {
                throw new IOException("closed by the peer during the setup");
            }
            if (n > 0) {
                done += n;
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException((send ? "send" : "receive") + " timed out after " + TIMEOUT_MILLIS + " ms");
            }
            if (n == IOStatus.UNAVAILABLE) {
                await(socket, send ? Events.OUT : Events.IN, send ? "send" : "receive");
            }
        }
    }

    private void await(long socket, int events, String what) throws IOException {
        if (readiness.poll(socket, events, -1, TIMEOUT_MILLIS, scratch) == 0) {
            throw new IOException(what + " timed out after " + TIMEOUT_MILLIS + " ms");
        }
    }

    @Override
    public void noDelay(long socket) throws IOException {
        try (WinsockCall call = new WinsockCall()) {
            WindowsSockets.setsockopt(call, socket,
                    new WindowsSocketOptions.Native(IPPROTO_TCP, WinSockTypes.TCP_NODELAY(), 1), "set TCP_NODELAY on");
        }
    }

    @Override
    public void close(long socket) {
        try {
            platform.close(socket);
        } catch (IOException ignored) {
            // the setup is failing or done with it already; the first error is the one worth reporting
        }
    }
}
