package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A {@link Wakeup} over a connected pair of AF_UNIX sockets: {@link #signal()} sends a byte, the waiter
 * polls the other end, {@link #drain()} reads what arrived. Windows has no eventfd, and {@code WSAPoll}
 * waits on sockets only.
 *
 * <p>AF_UNIX rather than a loopback TCP pair, because it needs no IP stack, no port and no address
 * bindings beyond the ones this library has (Windows 10 1803 / Server 2019 or later, which Hyper-V socket
 * users have anyway). The pair is made the way the JDK's own Windows {@code Pipe} makes it: a listener
 * on a fresh random path in the temporary directory, one connect, one accept, then the listener closes
 * and its file is deleted. Another local process could connect in between; so the client sends a random
 * secret and the accepted end must read it back, or it is discarded and the next one accepted.
 */
final class SocketPairWakeup implements Wakeup {
    private static final int SECRET_BYTES = 16;
    private static final int MAX_ACCEPTS = 8;
    private static final long SETUP_TIMEOUT_MILLIS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WindowsPlatform platform;
    private final long readEnd;
    private final long writeEnd;
    // Used only under this object's lock.
    private final MemorySegment oneByte;
    private final MemorySegment drainBuffer;
    private final MemorySegment callState;
    private boolean closed;

    private SocketPairWakeup(WindowsPlatform platform, long readEnd, long writeEnd) {
        this.platform = platform;
        this.readEnd = readEnd;
        this.writeEnd = writeEnd;
        Arena arena = Arena.ofAuto();
        this.oneByte = arena.allocate(1);
        this.drainBuffer = arena.allocate(64);
        this.callState = arena.allocate(platform.callStateSize(), 8);
        oneByte.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
    }

    static SocketPairWakeup open(WindowsPlatform platform) throws IOException {
        String name = "hvsock-wakeup-" + HexFormat.of().formatHex(randomBytes(8)) + ".sock";
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(
                Path.of(System.getProperty("java.io.tmpdir")).resolve(name));
        try {
            platform.checkAddress(StandardProtocolFamily.UNIX, address, true);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot make a wakeup socket pair in java.io.tmpdir: " + e.getMessage(), e);
        }
        long listener = platform.open(StandardProtocolFamily.UNIX);
        long client = -1;
        long accepted = -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = arena.allocate(platform.pollScratchSize(), 8);
            MemorySegment callState = arena.allocate(platform.callStateSize(), 8);
            platform.bind(listener, StandardProtocolFamily.UNIX, address);
            platform.listen(listener, MAX_ACCEPTS, address);
            client = platform.open(StandardProtocolFamily.UNIX);
            int r = platform.connect(client, StandardProtocolFamily.UNIX, address);
            if (r <= 0) {
                await(platform, client, Events.OUT, scratch, "connect to", address);
                platform.checkConnectResult(client, address);
            }
            byte[] secret = randomBytes(SECRET_BYTES);
            MemorySegment out = arena.allocate(SECRET_BYTES);
            MemorySegment.copy(secret, 0, out, ValueLayout.JAVA_BYTE, 0, SECRET_BYTES);
            transfer(platform, client, out, true, scratch, callState, address);
            MemorySegment in = arena.allocate(SECRET_BYTES);
            for (int attempt = 0; ; attempt++) {
                if (attempt == MAX_ACCEPTS) {
                    throw new IOException("wakeup socket pair on " + address + ": " + MAX_ACCEPTS
                            + " connections arrived, none of them ours; something else is connecting to it");
                }
                accepted = acceptOne(platform, listener, scratch, address);
                boolean ours;
                try {
                    in.fill((byte) 0);
                    transfer(platform, accepted, in, false, scratch, callState, address);
                    ours = Arrays.equals(secret, in.toArray(ValueLayout.JAVA_BYTE));
                } catch (IOException e) {
                    ours = false;
                }
                if (ours) {
                    break;
                }
                platform.close(accepted);
                accepted = -1;
            }
            SocketPairWakeup wakeup = new SocketPairWakeup(platform, accepted, client);
            accepted = -1;
            client = -1;
            return wakeup;
        } finally {
            closeQuietly(platform, accepted);
            closeQuietly(platform, client);
            closeQuietly(platform, listener);
            try {
                Files.deleteIfExists(address.getPath());
            } catch (IOException ignored) {
                // a stale socket file in the temp directory harms nobody: its name is random
            }
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static long acceptOne(WindowsPlatform platform, long listener, MemorySegment scratch,
                                  UnixDomainSocketAddress address) throws IOException {
        long deadline = System.nanoTime() + SETUP_TIMEOUT_MILLIS * 1_000_000;
        while (true) {
            long s = platform.accept(listener, address, new java.net.SocketAddress[1]);
            if (s >= 0) {
                return s;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("wakeup socket pair on " + address + ": accept timed out");
            }
            if (s == IOStatus.UNAVAILABLE) {
                await(platform, listener, Events.IN, scratch, "accept on", address);
            }
        }
    }

    /** Sends or receives all of {@code buffer}, waiting (boundedly) for readiness. */
    private static void transfer(WindowsPlatform platform, long handle, MemorySegment buffer, boolean send,
                                 MemorySegment scratch, MemorySegment callState, UnixDomainSocketAddress address)
            throws IOException {
        long done = 0;
        long deadline = System.nanoTime() + SETUP_TIMEOUT_MILLIS * 1_000_000;
        while (done < buffer.byteSize()) {
            MemorySegment rest = buffer.asSlice(done);
            int n = send ? platform.write(handle, rest, callState, address) : platform.read(handle, rest, callState,
                    address);
            if (n == IOStatus.EOF) {
                throw new IOException("wakeup socket pair on " + address + ": closed during setup");
            }
            if (n > 0) {
                done += n;
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("wakeup socket pair on " + address + ": setup timed out");
            }
            if (n == IOStatus.UNAVAILABLE) {
                await(platform, handle, send ? Events.OUT : Events.IN, scratch, send ? "write to" : "read from",
                        address);
            }
        }
    }

    private static void await(WindowsPlatform platform, long handle, int events, MemorySegment scratch,
                              String operation, UnixDomainSocketAddress address) throws IOException {
        if (platform.poll(handle, events, -1, SETUP_TIMEOUT_MILLIS, scratch) == 0) {
            throw new IOException("wakeup socket pair: " + operation + " " + address + " timed out after "
                    + SETUP_TIMEOUT_MILLIS + " ms");
        }
    }

    private static void closeQuietly(WindowsPlatform platform, long handle) {
        if (handle >= 0) {
            try {
                platform.close(handle);
            } catch (IOException ignored) {
                // already failing; the first error is the one worth reporting
            }
        }
    }

    @Override
    public long handle() {
        return readEnd;
    }

    @Override
    public synchronized void signal() throws IOException {
        if (closed) {
            return;
        }
        // UNAVAILABLE: the pair's buffer is full, so the read end is readable already
        platform.write(writeEnd, oneByte, callState, null);
    }

    @Override
    public synchronized void drain() throws IOException {
        if (closed) {
            return;
        }
        while (platform.read(readEnd, drainBuffer, callState, null) == drainBuffer.byteSize()) {
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
            platform.close(writeEnd);
        } finally {
            platform.close(readEnd);
        }
    }
}
