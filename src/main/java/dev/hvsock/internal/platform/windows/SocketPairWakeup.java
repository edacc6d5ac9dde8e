package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.SecureRandom;

/**
 * A {@link Wakeup} over a connected pair of sockets: {@link #signal()} sends a byte to the sink, the waiter
 * polls the source, {@link #drain()} reads what arrived. Windows has no eventfd, and {@code WSAPoll} waits
 * on sockets only. The pair is {@code AF_UNIX} where it can be, else loopback TCP ({@link WakeupPairSetup},
 * as the JDK's Windows selector makes its own); each selector and the poller thread have one, and nothing
 * else does.
 */
final class SocketPairWakeup implements Wakeup {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WindowsSockets platform;
    private final long source;
    private final long sink;
    // Used only under this object's lock.
    private final MemorySegment oneByte;
    private final MemorySegment drainBuffer;
    private final MemorySegment callState;
    private boolean closed;

    private SocketPairWakeup(WindowsSockets platform, long source, long sink) {
        this.platform = platform;
        this.source = source;
        this.sink = sink;
        Arena arena = Arena.ofAuto();
        this.oneByte = arena.allocate(1);
        this.drainBuffer = arena.allocate(64);
        this.callState = arena.allocate(platform.callStateSize(), 8);
        oneByte.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
    }

    static SocketPairWakeup open(WindowsSockets platform, WindowsReadiness readiness) throws IOException {
        String dir = WakeupPairSetup.directory(System.getProperty("jdk.net.unixdomain.tmpdir"), System.getenv("TEMP"),
                System.getProperty("java.io.tmpdir"));
        try (Arena arena = Arena.ofConfined()) {
            WakeupPairSetup.Pair pair = WakeupPairSetup.connect(new WinsockPairSockets(platform, readiness, arena),
                    WakeupPairSetup.candidates(dir, WindowsSocketAddresses.UNIX_PATHS, RANDOM), RANDOM);
            return new SocketPairWakeup(platform, pair.source(), pair.sink());
        }
    }

    @Override
    public long handle() {
        return source;
    }

    @Override
    public synchronized void signal() throws IOException {
        if (closed) {
            return;
        }
        // UNAVAILABLE: the pair's buffer is full, so the source is readable already
        platform.write(sink, oneByte, callState, null);
    }

    @Override
    public synchronized void drain() throws IOException {
        if (closed) {
            return;
        }
        while (platform.read(source, drainBuffer, callState, null) == drainBuffer.byteSize()) {
            // more may be waiting
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            platform.close(sink);
        } finally {
            platform.close(source);
        }
    }
}
