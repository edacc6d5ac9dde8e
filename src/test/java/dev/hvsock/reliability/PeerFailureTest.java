package dev.hvsock.reliability;

import dev.hvsock.testing.LinuxHostFeature;
import dev.hvsock.testing.LinuxHostTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The peer goes away mid-stream: an orderly close is an EOF after the last byte, in blocking and
 * selector-driven reading; a reset (on AF_UNIX: closing with unread data in the receive queue, with or
 * without {@code SO_LINGER} 0) is a {@link SocketException} naming ECONNRESET for a blocked reader and
 * a "broken pipe" for a writer — never a hang.
 */
@Timeout(60)
class PeerFailureTest {
    private static final int MID_STREAM = 300_000;

    @Test
    void blockingReaderSeesEveryByteThenEofWhenPeerClosesMidStream() throws Exception {
        peerClosesMidStreamBlocking(Transport.UNIX);
    }

    static void peerClosesMidStreamBlocking(Transport transport) throws Exception {
        try (Pair p = Pair.open(transport)) {
            Thread writer = writeMidStreamThenClose(p);
            ByteBuffer got = ByteBuffer.allocate(MID_STREAM + 10);
            int n;
            while ((n = p.client().read(got)) >= 0) {
                assertTrue(got.hasRemaining() || n > 0, "never more than was sent");
            }
            Threads.join(writer);
            assertEquals(MID_STREAM, got.position(), "every byte before the close arrives");
            assertEquals(ByteBuffer.wrap(pattern(MID_STREAM)), got.flip(), "and unchanged");
            assertEquals(-1, p.client().read(ByteBuffer.allocate(1)), "EOF stays EOF");
        }
    }

    /** Writes {@code MID_STREAM} bytes from the server end and closes it, on a thread of its own. */
    private static Thread writeMidStreamThenClose(Pair p) {
        return Threads.start(Threads.Kind.PLATFORM, "mid-stream-writer", () -> {
            try {
                p.server().write(ByteBuffer.wrap(pattern(MID_STREAM)));
                p.server().close();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void selectorDrivenReaderSeesEofWhenPeerClosesMidStream() throws Exception {
        peerClosesMidStreamSelected(Transport.UNIX);
    }

    static void peerClosesMidStreamSelected(Transport transport) throws Exception {
        try (Pair p = Pair.open(transport); Selector selector = transport.provider().openSelector()) {
            p.client().configureBlocking(false);
            SelectionKey key = p.client().register(selector, SelectionKey.OP_READ);
            Thread writer = writeMidStreamThenClose(p);
            ByteBuffer got = ByteBuffer.allocate(MID_STREAM + 1);
            boolean eof = false;
            while (!eof) {
                assertFalse(Thread.currentThread().isInterrupted(), "timed out waiting for EOF");
                selector.select();
                assertTrue(selector.selectedKeys().remove(key), "only the client's key can be selected");
                int n;
                while ((n = p.client().read(got)) > 0) {
                    // drain what is there
                }
                eof = n < 0;
            }
            Threads.join(writer);
            assertEquals(MID_STREAM, got.position());
            assertEquals(ByteBuffer.wrap(pattern(MID_STREAM)), got.flip());
        }
    }

    @LinuxHostTest(LinuxHostFeature.LINUX_SOCKETS)
    @Test
    void closeWithUnreadDataResetsABlockedReader() throws Exception {
        resetReachesBlockedReader(false);
    }

    @LinuxHostTest(LinuxHostFeature.LINUX_SOCKETS)
    @Test
    void soLingerZeroCloseResetsABlockedReader() throws Exception {
        resetReachesBlockedReader(true);
    }

    @LinuxHostTest(LinuxHostFeature.LINUX_SOCKETS) // what its callers are gated on
    private static void resetReachesBlockedReader(boolean lingerZero) throws Exception {
        try (Pair p = Pair.open(Transport.UNIX)) {
            p.client().write(ByteBuffer.wrap(pattern(1000)));       // left unread in the server's queue
            if (lingerZero) {
                p.server().setOption(StandardSocketOptions.SO_LINGER, 0);
                assertEquals(0, p.server().getOption(StandardSocketOptions.SO_LINGER));
            }
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread reader = Threads.start(Threads.Kind.PLATFORM, "reset-reader", () -> {
                try {
                    p.client().read(ByteBuffer.allocate(10));
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            Threads.awaitBlockedIn(reader, Threads.IO_WAIT);
            p.server().close();
            Threads.join(reader);
            SocketException reset = assertInstanceOf(SocketException.class, thrown.get(),
                    "a reset peer is a SocketException");
            assertTrue(reset.getMessage().contains("ECONNRESET"), reset.getMessage());
            assertEquals(-1, p.client().read(ByteBuffer.allocate(10)), "after the reset: EOF");
            IOException broken = assertThrows(IOException.class, () -> p.client().write(ByteBuffer.allocate(10)));
            assertTrue(broken.getMessage().contains("EPIPE"), broken.getMessage());
            assertTrue(p.client().isOpen(), "an error does not close the channel: the caller does");
        }
    }

    @LinuxHostTest(LinuxHostFeature.LINUX_SOCKETS)
    @Test
    void resetReachesAWriterBlockedOnAFullPeer() throws Exception {
        try (Pair p = Pair.open(Transport.UNIX)) {
            p.client().write(ByteBuffer.wrap(pattern(1000)));       // unread by the server
            p.server().setOption(StandardSocketOptions.SO_LINGER, 0);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Integer> written = new AtomicReference<>();
            Thread writer = Threads.start(Threads.Kind.PLATFORM, "reset-writer", () -> {
                try {
                    written.set(p.client().write(ByteBuffer.allocate(32 << 20)));
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            Threads.awaitBlockedIn(writer, Threads.IO_WAIT);
            p.server().close();
            Threads.join(writer);
            if (thrown.get() == null) {
                assertNotNull(written.get());
                assertTrue(written.get() < (32 << 20), "a write cut short by the peer reports what it moved");
            } else {
                IOException e = assertInstanceOf(IOException.class, thrown.get());
                assertTrue(e.getMessage().contains("EPIPE") || e.getMessage().contains("ECONNRESET"), e.getMessage());
            }
            assertThrows(SocketException.class, () -> p.client().write(ByteBuffer.allocate(10)),
                    "the next write fails at once");
        }
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i ^ (i >>> 8) ^ (i >>> 16));
        }
        return b;
    }
}
