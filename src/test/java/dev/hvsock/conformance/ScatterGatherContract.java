package dev.hvsock.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gathering writes and scattering reads (writev/readv). */
abstract class ScatterGatherContract extends ContractBase {
    ScatterGatherContract(ChannelFixture fixture) {
        super(fixture);
    }


    private static long remaining(ByteBuffer[] buffers, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += buffers[i].remaining();
        }
        return n;
    }

    /** The bytes between position and limit, without moving the buffer. */
    private static byte[] contents(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** Reads with scattering reads until the buffers in the range are full. */
    private static long readFully(SocketChannel ch, ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        while (remaining(dsts, offset, length) > 0) {
            long n = ch.read(dsts, offset, length);
            if (n < 0) {
                throw new AssertionError("end of stream after " + total + " bytes");
            }
            total += n;
        }
        return total;
    }

    @Test
    void gatheringWriteMixesHeapAndDirectBuffersAtOffsets() throws IOException {
        Connection c = connectedPair();
        ByteBuffer heapSlice = ByteBuffer.wrap(Payload.counting(0, 100), 3, 50).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(80).put(Payload.counting(100, 80));
        direct.position(5).limit(60);
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer heapPart = ByteBuffer.wrap(Payload.counting(50, 1000));
        heapPart.position(200).limit(900);
        ByteBuffer bigDirect = Payload.buffer(true, Payload.bytes(9, 7000));
        ByteBuffer[] srcs = {heapSlice, direct, empty, heapPart, bigDirect};

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (ByteBuffer b : srcs) {
            expected.writeBytes(contents(b));
        }
        long size = remaining(srcs, 0, srcs.length);
        assertEquals(size, c.client().write(srcs), "a blocking gathering write writes everything");
        for (ByteBuffer b : srcs) {
            assertEquals(b.limit(), b.position(), "every buffer is consumed");
        }
        assertBytes(expected.toByteArray(), readExactly(c.server(), (int) size), "gathered bytes");
    }

    @Test
    void gatheringWriteUsesOnlyTheGivenRange() throws IOException {
        Connection c = connectedPair();
        ByteBuffer[] srcs = {
                ByteBuffer.wrap(new byte[] {1, 1}), ByteBuffer.wrap(new byte[] {2, 2, 2}),
                ByteBuffer.allocateDirect(1).put((byte) 3).flip(), ByteBuffer.wrap(new byte[] {4})};
        assertEquals(4, c.client().write(srcs, 1, 2));
        assertEquals(0, srcs[0].position(), "before the range: untouched");
        assertEquals(0, srcs[3].position(), "after the range: untouched");
        assertBytes(new byte[] {2, 2, 2, 3}, readExactly(c.server(), 4), "the range's bytes");
    }

    @Test
    void scatteringReadFillsTheRangeInOrder() throws IOException {
        Connection c = connectedPair();
        ByteBuffer outside = ByteBuffer.allocate(10);
        ByteBuffer heap = ByteBuffer.allocate(10);
        ByteBuffer full = ByteBuffer.allocateDirect(4).position(4);
        byte[] backing = new byte[40];
        ByteBuffer atOffset = ByteBuffer.wrap(backing, 5, 20);
        ByteBuffer direct = ByteBuffer.allocateDirect(30);
        ByteBuffer last = ByteBuffer.allocate(100);
        ByteBuffer[] dsts = {outside, heap, full, atOffset, direct, last};
        byte[] data = Payload.counting(1, 160);
        writeAll(c.server(), data);

        assertEquals(160, readFully(c.client(), dsts, 1, 5));
        assertEquals(0, outside.position(), "the buffer before the range is untouched");
        assertEquals(4, full.position(), "a full buffer is skipped");
        assertBytes(Payload.counting(1, 10), heap.array(), "first buffer");
        for (int i = 0; i < backing.length; i++) {
            byte expected = i >= 5 && i < 25 ? (byte) (11 + i - 5) : 0;
            assertEquals(expected, backing[i], "byte " + i + " of the array behind the offset buffer");
        }
        byte[] fromDirect = new byte[30];
        direct.flip().get(fromDirect);
        assertBytes(Payload.counting(31, 30), fromDirect, "direct buffer");
        assertBytes(Payload.counting(61, 100), last.array(), "last buffer");
    }

    @Test
    @Requires(Feature.COMPLETE_BLOCKING_WRITES)
    void moreBuffersThanOneSystemCallTakesAreAllServed() throws IOException {
        Connection c = connectedPair();
        SplittableRandom random = new SplittableRandom(77);
        int count = 3000;
        ByteBuffer[] srcs = new ByteBuffer[count];
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            byte[] data = Payload.bytes(i, 1 + random.nextInt(12));
            expected.writeBytes(data);
            srcs[i] = Payload.buffer(random.nextBoolean(), data);
        }
        byte[] all = expected.toByteArray();
        Background<byte[]> reader = background("scattering-reader", () -> {
            ByteBuffer[] dsts = new ByteBuffer[2500];
            int left = all.length;
            for (int i = 0; i < dsts.length; i++) {
                int n = i == dsts.length - 1 ? left : Math.min(left, 1 + i % 13);
                dsts[i] = i % 3 == 0 ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
                left -= n;
            }
            readFully(c.server(), dsts, 0, dsts.length);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (ByteBuffer b : dsts) {
                got.writeBytes(contents(b.flip()));
            }
            return got.toByteArray();
        });
        assertEquals(all.length, c.client().write(srcs));
        assertBytes(all, reader.get(), "3000 gathered buffers read back through 2500 scattered ones");
    }

    @Test
    void heapBuffersLargerThanTheNativeBounceAreaAreAllServed() throws IOException {
        Connection c = connectedPair();
        int part = fixture().scaled(300 * 1024);
        ByteBuffer[] srcs = {
                ByteBuffer.wrap(Payload.bytes(1, part)), ByteBuffer.wrap(Payload.bytes(2, part)),
                ByteBuffer.wrap(Payload.bytes(3, part))};
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (ByteBuffer b : srcs) {
            expected.writeBytes(contents(b));
        }
        Background<byte[]> reader = background("scattering-reader", () -> {
            ByteBuffer[] dsts = {ByteBuffer.allocate(part * 3 / 2), ByteBuffer.allocate(part * 3 - part * 3 / 2)};
            readFully(c.server(), dsts, 0, 2);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            got.writeBytes(dsts[0].array());
            got.writeBytes(dsts[1].array());
            return got.toByteArray();
        });
        assertEquals(3L * part, c.client().write(srcs));
        assertBytes(expected.toByteArray(), reader.get(), "large heap buffers");
    }

    @Test
    void buffersWithNothingRemainingTransferNothingWithoutBlocking() throws IOException {
        Connection c = connectedPair();
        assertEquals(0, c.client().write(new ByteBuffer[] {ByteBuffer.allocate(0), ByteBuffer.allocateDirect(0)}));
        assertEquals(0, c.client().read(new ByteBuffer[] {ByteBuffer.allocate(0), ByteBuffer.allocate(3).position(3)}));
        assertEquals(0, c.client().read(new ByteBuffer[0]));
        assertEquals(0, c.client().write(new ByteBuffer[0]));
    }

    @Test
    void scatteringReadReturnsMinusOneAtEndOfStream() throws IOException {
        Connection c = connectedPair();
        writeAll(c.server(), new byte[] {1, 2, 3});
        c.server().shutdownOutput();
        ByteBuffer[] dsts = {ByteBuffer.allocate(2), ByteBuffer.allocateDirect(5)};
        assertEquals(3, readFully3(c.client(), dsts));
        assertEquals(-1, c.client().read(dsts));
        assertEquals(-1, c.client().read(dsts), "and again");
    }

    private static long readFully3(SocketChannel ch, ByteBuffer[] dsts) throws IOException {
        long total = 0;
        while (total < 3) {
            long n = ch.read(dsts);
            assertTrue(n > 0, "data before the end of stream");
            total += n;
        }
        return total;
    }

    @Test
    void badRangesAndBuffersAreRejected() throws IOException {
        Connection c = connectedPair();
        ByteBuffer[] two = {ByteBuffer.allocate(1), ByteBuffer.allocate(1)};
        assertThrows(IndexOutOfBoundsException.class, () -> c.client().read(two, 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> c.client().write(two, -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> c.client().write(two, 0, 3));
        assertThrows(NullPointerException.class, () -> c.client().write(new ByteBuffer[] {null}));
        assertThrows(NullPointerException.class, () -> c.client().read(new ByteBuffer[] {null}));
        assertThrows(IllegalArgumentException.class,
                () -> c.client().read(new ByteBuffer[] {ByteBuffer.allocate(1).asReadOnlyBuffer()}));
        assertTrue(c.client().isOpen(), "rejected arguments leave the channel open");
    }
}
