package dev.hvsock.reliability;

import dev.hvsock.testing.PlatformUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * shutdownInput/shutdownOutput while other threads read and write the same channel: a blocked reader
 * returns EOF, a blocked writer gets {@link AsynchronousCloseException}, the peer receives an unbroken
 * prefix of what was written and then EOF, and the other direction keeps working.
 */
@Timeout(120)
class ShutdownConcurrencyTest {
    /** The OS error a send gets once its socket's output is shut down, as the library's messages name it. */
    private static final String SEND_AFTER_SHUTDOWN = PlatformUnderTest.windows() ? "WSAESHUTDOWN" : "EPIPE";


    @Test
    void shutdownInputReleasesABlockedReaderWithEof() throws Exception {
        try (Pair p = Pair.open(Transport.UNIX)) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread reader = Threads.start(Threads.Kind.PLATFORM, "reader", () -> {
                try {
                    outcome.set(p.client().read(ByteBuffer.allocate(10)));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            Threads.awaitBlockedIn(reader, Threads.IO_WAIT);
            p.client().shutdownInput();
            Threads.join(reader);
            assertEquals(-1, outcome.get(), "a reader blocked during shutdownInput returns EOF");
            assertEquals(-1, p.client().read(ByteBuffer.allocate(10)));
            Pair.transfer(p.client(), p.server(), 10_000, (byte) 3);   // the output still works
        }
    }

    @Test
    void shutdownOutputReleasesABlockedWriterAndThePeerSeesEof() throws Exception {
        try (Pair p = Pair.open(Transport.UNIX)) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            byte[] data = PeerFailureTest.pattern(32 << 20);
            Thread writer = Threads.start(Threads.Kind.PLATFORM, "writer", () -> {
                try {
                    outcome.set(p.client().write(ByteBuffer.wrap(data)));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            Threads.awaitBlockedIn(writer, Threads.IO_WAIT);
            p.client().shutdownOutput();
            Threads.join(writer);
            assertTrue(p.client().isOpen(), "a shutdown does not close the channel");
            assertThrows(ClosedChannelException.class, () -> p.client().write(ByteBuffer.allocate(1)));
            long got = checkPrefixThenEof(p, data);
            // The write had moved bytes before it blocked, so (as a close would) it reports their count;
            // with nothing moved it would throw AsynchronousCloseException.
            if (outcome.get() instanceof Integer written) {
                assertTrue(written > 0 && written < data.length, "a write cut short reports a short count: " + written);
                assertEquals(written.longValue(), got, "the peer receives exactly the bytes the write reported");
            } else {
                assertInstanceOf(AsynchronousCloseException.class, outcome.get(),
                        "a writer released by shutdownOutput");
                assertEquals(0, got);
            }
            Pair.transfer(p.server(), p.client(), 10_000, (byte) 4);   // the input still works
        }
    }

    /** Reads the server side to EOF, checking it is a prefix of {@code data}; returns its length. */
    private static long checkPrefixThenEof(Pair p, byte[] data) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        int offset = 0;
        while (true) {
            b.clear();
            int n = p.server().read(b);
            if (n < 0) {
                return offset;
            }
            assertTrue(offset + n <= data.length, "more bytes than were written");
            assertEquals(-1, Arrays.mismatch(b.array(), 0, n, data, offset, offset + n),
                    "bytes changed at offset " + offset);
            offset += n;
        }
    }

    @Test
    void randomShutdownsDuringTwoWayTrafficNeverHangOrCorrupt() throws Exception {
        int rounds = Figures.intProperty("hvsock.shutdown.rounds", 200);
        long seed = Long.getLong("hvsock.shutdown.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] data = PeerFailureTest.pattern(4 << 20);
        AtomicLong eofs = new AtomicLong();
        AtomicLong cutWrites = new AtomicLong();
        AtomicLong racedWrites = new AtomicLong();
        for (int round = 0; round < rounds; round++) {
            try (Pair p = Pair.open(Transport.UNIX)) {
                AtomicReference<Throwable> readerError = new AtomicReference<>();
                AtomicReference<Throwable> writerError = new AtomicReference<>();
                AtomicReference<Throwable> peerError = new AtomicReference<>();
                AtomicLong peerGot = new AtomicLong();
                // peer: sends a stream to the client and drains what the client sends, checking it
                Thread peerWriter = Threads.start(Threads.Kind.PLATFORM, "peer-writer", () -> {
                    try {
                        ByteBuffer out = ByteBuffer.wrap(data);
                        while (out.hasRemaining()) {
                            p.server().write(out);
                        }
                    } catch (Throwable e) {
                        // the client shut its input: the peer's writes may then fail; not an error
                    }
                });
                Thread peerReader = Threads.start(Threads.Kind.VIRTUAL, "peer-reader", () -> {
                    try {
                        peerGot.set(checkPrefixThenEof(p, data));
                    } catch (Throwable e) {
                        peerError.set(e);
                    }
                });
                Thread reader = Threads.start(Threads.Kind.PLATFORM, "client-reader", () -> {
                    try {
                        ByteBuffer b = ByteBuffer.allocate(8192);
                        while (true) {
                            b.clear();
                            if (p.client().read(b) < 0) {
                                eofs.incrementAndGet();
                                return;
                            }
                        }
                    } catch (Throwable e) {
                        readerError.set(e);
                    }
                });
                Thread writer = Threads.start(Threads.Kind.VIRTUAL, "client-writer", () -> {
                    try {
                        p.client().write(ByteBuffer.wrap(data));
                    } catch (ClosedChannelException expected) {  // AsynchronousCloseException included
                        cutWrites.incrementAndGet();
                    } catch (java.net.SocketException e) {
                        // a send already under way when the shutdown lands fails, as in the JDK: EPIPE on Linux,
                        // WSAESHUTDOWN on Windows (Microsoft Learn, send: "not possible to send on a socket after
                        // shutdown has been invoked with how set to SD_SEND")
                        if (!String.valueOf(e.getMessage()).contains(SEND_AFTER_SHUTDOWN)) {
                            writerError.set(e);
                        }
                        racedWrites.incrementAndGet();
                    } catch (Throwable e) {
                        writerError.set(e);
                    }
                });
                Thread.sleep(rnd.nextInt(3));
                if (rnd.nextBoolean()) {
                    p.client().shutdownInput();
                    p.client().shutdownOutput();
                } else {
                    p.client().shutdownOutput();
                    p.client().shutdownInput();
                }
                Threads.join(writer);
                Threads.join(reader);
                Threads.join(peerReader);
                p.server().shutdownOutput();
                Threads.join(peerWriter);
                assertNull(readerError.get(), "reader (seed " + seed + ")");
                assertNull(writerError.get(), "writer (seed " + seed + ")");
                assertNull(peerError.get(), "peer reader (seed " + seed + ")");
                assertTrue(p.client().isOpen());
            }
        }
        assertEquals(rounds, eofs.get(), "every reader ended with EOF");
        Figures.report("shutdown-races",
                "rounds / writes ended by the shutdown / sends racing it (" + SEND_AFTER_SHUTDOWN + ") / seed",
                rounds + " / " + cutWrites.get() + " / " + racedWrites.get() + " / " + seed);
    }
}
