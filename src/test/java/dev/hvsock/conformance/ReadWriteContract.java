package dev.hvsock.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code read}/{@code write} with heap and direct buffers, in blocking and non-blocking mode. */
abstract class ReadWriteContract extends ContractBase {
    ReadWriteContract(ChannelFixture fixture) {
        super(fixture);
    }


    /**
     * A buffer of {@code kind} whose {@code data} sits between position and limit at an offset of the
     * backing store.
     */
    private static ByteBuffer sourceAtOffset(boolean direct, byte[] data, int offset) {
        ByteBuffer whole = direct ? ByteBuffer.allocateDirect(offset + data.length + 3)
                : ByteBuffer.allocate(offset + data.length + 3);
        whole.position(offset);
        whole.put(data);
        whole.position(offset).limit(offset + data.length);
        return whole;
    }

    @Test
    void heapAndDirectBuffersOfRandomSizesRoundTrip() throws IOException {
        Connection c = connectedPair();
        SplittableRandom random = new SplittableRandom(20240601);
        int rounds = Math.max(8, fixture().scaled(160));
        for (int round = 0; round < rounds; round++) {
            boolean forward = round % 2 == 0;
            SocketChannel from = forward ? c.client() : c.server();
            SocketChannel to = forward ? c.server() : c.client();
            int size = 1 + random.nextInt(fixture().scaled(64 * 1024));
            byte[] data = Payload.bytes(round, size);
            ByteBuffer src = sourceAtOffset(random.nextBoolean(), data, random.nextInt(16));
            assertEquals(size, from.write(src), "a blocking write writes everything");
            assertEquals(src.limit(), src.position());

            boolean directDst = random.nextBoolean();
            int dstOffset = random.nextInt(16);
            ByteBuffer dst = directDst ? ByteBuffer.allocateDirect(dstOffset + size)
                    : ByteBuffer.allocate(dstOffset + size);
            dst.position(dstOffset);
            while (dst.hasRemaining()) {
                assertTrue(to.read(dst) > 0, "a blocking read returns data");
            }
            byte[] got = new byte[size];
            dst.position(dstOffset);
            dst.get(got);
            assertBytes(data, got, "round " + round + " (" + size + " bytes, "
                    + (directDst ? "direct" : "heap") + " destination)");
        }
    }

    @Test
    void bulkTransferBothWaysAtOnceIsIntact() throws IOException {
        Connection c = connectedPair();
        int size = fixture().scaled(32 * 1024 * 1024);
        Background<Long> clientWrites = background("client-writer", () -> sendChecksummed(c.client(), size, 1));
        Background<Long> serverWrites = background("server-writer", () -> sendChecksummed(c.server(), size, 2));
        Background<long[]> serverReads = background("server-reader", () -> receiveChecksummed(c.server()));
        Background<long[]> clientReads = background("client-reader", () -> receiveChecksummed(c.client()));
        long[] atServer = serverReads.get();
        long[] atClient = clientReads.get();
        assertEquals(size, atServer[0], "bytes client to server");
        assertEquals(size, atClient[0], "bytes server to client");
        assertEquals(clientWrites.get(), atServer[1], "checksum client to server");
        assertEquals(serverWrites.get(), atClient[1], "checksum server to client");
    }

    /** Sends {@code size} seeded bytes in random chunks from heap and direct buffers, then shuts output down. */
    private static long sendChecksummed(SocketChannel ch, int size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer heap = ByteBuffer.allocate(256 * 1024);
        ByteBuffer direct = ByteBuffer.allocateDirect(256 * 1024);
        CRC32 crc = new CRC32();
        int sent = 0;
        while (sent < size) {
            int n = Math.min(size - sent, 1 + random.nextInt(256 * 1024));
            ByteBuffer buf = random.nextBoolean() ? heap : direct;
            buf.clear().limit(n);
            for (int i = 0; i < n; i++) {
                buf.put(i, (byte) random.nextInt(256));
            }
            crc.update(buf.duplicate());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            sent += n;
        }
        ch.shutdownOutput();
        return crc.getValue();
    }

    /** Reads to the end of stream: {bytes, checksum}. */
    private static long[] receiveChecksummed(SocketChannel ch) throws IOException {
        ByteBuffer heap = ByteBuffer.allocate(100 * 1024 + 7);
        ByteBuffer direct = ByteBuffer.allocateDirect(300 * 1024 + 1);
        CRC32 crc = new CRC32();
        long total = 0;
        for (int i = 0; ; i++) {
            ByteBuffer buf = i % 2 == 0 ? heap : direct;
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) {
                return new long[] {total, crc.getValue()};
            }
            buf.flip();
            crc.update(buf);
            total += n;
        }
    }

    @Test
    void blockingWriteReturnsOnlyWhenEverythingIsWritten() throws IOException {
        Connection c = connectedPair();
        int size = fixture().scaled(4 * 1024 * 1024);
        byte[] data = Payload.bytes(3, size);
        Background<byte[]> reader = background("reader", () -> readExactly(c.server(), size));
        ByteBuffer src = ByteBuffer.wrap(data);
        assertEquals(size, c.client().write(src));
        assertEquals(0, src.remaining());
        assertBytes(data, reader.get(), "data written in one blocking call");
    }

    @Test
    void nonBlockingReadReturnsZeroWithoutData() throws IOException {
        Connection c = connectedPair();
        c.client().configureBlocking(false);
        ByteBuffer heap = ByteBuffer.allocate(16);
        ByteBuffer direct = ByteBuffer.allocateDirect(16);
        assertEquals(0, c.client().read(heap));
        assertEquals(0, c.client().read(direct));
        assertEquals(0, heap.position());
        writeAll(c.server(), new byte[] {1, 2});
        Selector selector = openSelector();
        SelectionKey key = c.client().register(selector, SelectionKey.OP_READ);
        assertEquals(1, selector.select());
        assertTrue(key.isReadable());
        assertEquals(2, c.client().read(heap));
    }

    @Test
    void nonBlockingWriteStopsWhenTheSocketIsFullThenOpWriteSignalsRoom() throws IOException {
        Connection c = connectedPair();
        long filled = fillSendBuffer(c.client());
        assertTrue(filled > 0, "the socket took some data");
        c.client().configureBlocking(false);
        assertEquals(0, c.client().write(ByteBuffer.allocate(4096)), "a full socket takes nothing");

        Selector selector = openSelector();
        SelectionKey key = c.client().register(selector, SelectionKey.OP_WRITE);
        Background<byte[]> drain = background("drain", () -> readExactly(c.server(), (int) filled));
        byte[] got = drain.get();
        for (int i = 0; i < got.length; i++) {
            if (got[i] != (byte) i) {
                throw new AssertionError("byte " + i + " of the non-blocking writes is " + got[i]);
            }
        }
        while (!key.isWritable()) {
            selector.select();
        }
        assertTrue(c.client().write(ByteBuffer.allocate(1)) > 0, "the drained socket takes data again");
    }

    @Test
    void readingIntoAFullBufferReturnsZeroWithoutBlocking() throws IOException {
        Connection c = connectedPair();
        assertEquals(0, c.client().read(ByteBuffer.allocate(0)));
        assertEquals(0, c.client().read(ByteBuffer.allocateDirect(8).position(8)));
        assertEquals(0, c.client().write(ByteBuffer.allocate(0)));
    }

    @Test
    void readIntoReadOnlyBufferIsRejected() throws IOException {
        Connection c = connectedPair();
        assertThrows(IllegalArgumentException.class, () -> c.client().read(ByteBuffer.allocate(4).asReadOnlyBuffer()));
        assertTrue(c.client().isOpen());
    }

    @Test
    void writeFromReadOnlyBufferWorks() throws IOException {
        Connection c = connectedPair();
        ByteBuffer src = ByteBuffer.wrap(new byte[] {4, 5, 6}).asReadOnlyBuffer();
        assertEquals(3, c.client().write(src));
        assertBytes(new byte[] {4, 5, 6}, readExactly(c.server(), 3), "read-only heap source");
        ByteBuffer direct = Payload.buffer(true, new byte[] {7, 8}).asReadOnlyBuffer();
        assertEquals(2, c.client().write(direct));
        assertBytes(new byte[] {7, 8}, readExactly(c.server(), 2), "read-only direct source");
        ByteBuffer[] gathered = {ByteBuffer.wrap(new byte[] {1}).asReadOnlyBuffer(), direct.rewind()};
        assertEquals(3, c.client().write(gathered));
        assertBytes(new byte[] {1, 7, 8}, readExactly(c.server(), 3), "read-only gathered sources");
    }

    @Test
    void buffersAreUsedOnlyBetweenPositionAndLimit() throws IOException {
        Connection c = connectedPair();
        byte[] backing = Payload.counting(0, 100);
        ByteBuffer src = ByteBuffer.wrap(backing, 10, 20).slice();
        assertEquals(20, c.client().write(src));
        byte[] target = new byte[100];
        ByteBuffer dst = ByteBuffer.wrap(target, 30, 20);
        while (dst.hasRemaining()) {
            c.server().read(dst);
        }
        for (int i = 0; i < 100; i++) {
            byte expected = i >= 30 && i < 50 ? (byte) (i - 30 + 10) : 0;
            assertEquals(expected, target[i], "byte " + i + " of the destination array");
        }

        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        direct.position(40).limit(44);
        writeAll(c.server(), new byte[] {1, 2, 3, 4, 5, 6});
        assertEquals(4, c.client().read(direct), "a read stops at the limit");
        assertEquals(44, direct.position());
        assertBytes(new byte[] {5, 6}, readExactly(c.client(), 2), "the rest stays in the socket");
    }

    @Test
    void readAndWriteBeforeConnectThrowNotYetConnected() throws IOException {
        SocketChannel ch = openChannel();
        assertThrows(NotYetConnectedException.class, () -> ch.read(ByteBuffer.allocate(1)));
        assertThrows(NotYetConnectedException.class, () -> ch.write(ByteBuffer.allocate(1)));
        assertThrows(NotYetConnectedException.class, () -> ch.read(new ByteBuffer[] {ByteBuffer.allocate(1)}));
        assertThrows(NotYetConnectedException.class, () -> ch.write(new ByteBuffer[] {ByteBuffer.allocate(1)}));
    }

    @Test
    void readAndWriteAfterCloseThrowClosedChannel() throws IOException {
        Connection c = connectedPair();
        c.client().close();
        assertThrows(ClosedChannelException.class, () -> c.client().read(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> c.client().write(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> c.client().read(new ByteBuffer[] {ByteBuffer.allocate(1)}));
        assertThrows(ClosedChannelException.class, () -> c.client().write(new ByteBuffer[] {ByteBuffer.allocate(1)}));
        c.client().close();
    }

    @Test
    void nullBuffersAreRejected() throws IOException {
        Connection c = connectedPair();
        assertThrows(NullPointerException.class, () -> c.client().read((ByteBuffer) null));
        assertThrows(NullPointerException.class, () -> c.client().write((ByteBuffer) null));
        assertTrue(c.client().isOpen());
    }
}
