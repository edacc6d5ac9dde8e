package dev.hvsock.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many threads on one channel or one selector: readers serialize, writers serialize, neither blocks the other. */
abstract class ConcurrencyContract extends ContractBase {
    ConcurrencyContract(ChannelFixture fixture) {
        super(fixture);
    }


    /** The big-endian ints 0, 1, 2, ...: every window of the stream is distinguishable. */
    private static byte[] countingInts(int count) {
        ByteBuffer b = ByteBuffer.allocate(count * 4);
        for (int i = 0; i < count; i++) {
            b.putInt(i);
        }
        return b.array();
    }

    private static List<byte[]> readSegments(SocketChannel ch, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> segments = new ArrayList<>();
        ByteBuffer heap = ByteBuffer.allocate(8192);
        ByteBuffer direct = ByteBuffer.allocateDirect(8192);
        while (true) {
            ByteBuffer buf = random.nextBoolean() ? heap : direct;
            buf.clear().limit(1 + random.nextInt(8192));
            int n = ch.read(buf);
            if (n < 0) {
                return segments;
            }
            byte[] segment = new byte[n];
            buf.flip().get(segment);
            segments.add(segment);
        }
    }

    /**
     * Whether {@code stream} is the two readers' segments interleaved whole: each reader's segments in its
     * own order, no segment split by the other's. A search over (segments of a taken, segments of b taken).
     */
    private static boolean isInterleavingOfWholeSegments(byte[] stream, List<byte[]> a, List<byte[]> b) {
        long[] startA = new long[a.size() + 1];
        long[] startB = new long[b.size() + 1];
        for (int i = 0; i < a.size(); i++) {
            startA[i + 1] = startA[i] + a.get(i).length;
        }
        for (int j = 0; j < b.size(); j++) {
            startB[j + 1] = startB[j] + b.get(j).length;
        }
        Deque<int[]> stack = new ArrayDeque<>();
        Set<Long> visited = new HashSet<>();
        stack.push(new int[] {0, 0});
        while (!stack.isEmpty()) {
            int[] state = stack.pop();
            int i = state[0];
            int j = state[1];
            if (i == a.size() && j == b.size()) {
                return true;
            }
            if (!visited.add((long) i * (b.size() + 1) + j)) {
                continue;
            }
            int at = (int) (startA[i] + startB[j]);
            if (i < a.size() && matches(stream, at, a.get(i))) {
                stack.push(new int[] {i + 1, j});
            }
            if (j < b.size() && matches(stream, at, b.get(j))) {
                stack.push(new int[] {i, j + 1});
            }
        }
        return false;
    }

    private static boolean matches(byte[] stream, int at, byte[] segment) {
        return at + segment.length <= stream.length
                && Arrays.equals(stream, at, at + segment.length, segment, 0, segment.length);
    }

    @Test
    void concurrentReadersNeverSplitEachOthersReads() throws IOException {
        Connection c = connectedPair();
        byte[] stream = countingInts(fixture().scaled(1 << 20));
        Background<List<byte[]>> readerA = background("reader-a", () -> readSegments(c.client(), 1));
        Background<List<byte[]>> readerB = background("reader-b", () -> readSegments(c.client(), 2));
        SplittableRandom random = new SplittableRandom(3);
        for (int at = 0; at < stream.length; ) {
            int n = Math.min(stream.length - at, 1 + random.nextInt(32 * 1024));
            c.server().write(ByteBuffer.wrap(stream, at, n));
            at += n;
        }
        c.server().shutdownOutput();
        List<byte[]> a = readerA.get();
        List<byte[]> b = readerB.get();
        long total = a.stream().mapToLong(s -> s.length).sum() + b.stream().mapToLong(s -> s.length).sum();
        assertEquals(stream.length, total, "every byte was read exactly once");
        assertTrue(isInterleavingOfWholeSegments(stream, a, b),
                "the stream is the readers' reads placed one after another"
                        + " (" + a.size() + " and " + b.size() + " reads)");
    }

    @Test
    void concurrentWritersNeverSplitEachOthersWrites() throws IOException {
        Connection c = connectedPair();
        int block = fixture().scaled(32 * 1024);
        int writes = 64;
        List<Background<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            writers.add(background("writer-" + w, () -> {
                ByteBuffer buf = writer == 0 ? ByteBuffer.allocate(block) : ByteBuffer.allocateDirect(block);
                for (int s = 0; s < writes; s++) {
                    byte mark = (byte) (writer * writes + s);
                    buf.clear();
                    while (buf.hasRemaining()) {
                        buf.put(mark);
                    }
                    buf.flip();
                    assertEquals(block, c.client().write(buf));
                }
                return null;
            }));
        }
        Background<byte[]> reader = background("reader", () -> readExactly(c.server(), 2 * writes * block));
        for (Background<Void> w : writers) {
            w.get();
        }
        byte[] got = reader.get();
        Set<Byte> marks = new HashSet<>();
        for (int at = 0; at < got.length; at += block) {
            byte mark = got[at];
            for (int k = at; k < at + block; k++) {
                if (got[k] != mark) {
                    throw new AssertionError("write " + mark + " was split at byte " + (k - at) + " by " + got[k]);
                }
            }
            assertTrue(marks.add(mark), "write " + mark + " arrived twice");
        }
        assertEquals(2 * writes, marks.size());
    }

    @Test
    void aBlockedReaderDoesNotBlockAWriter() throws IOException {
        Connection c = connectedPair();
        Background<Integer> reader = background("reader", () -> c.client().read(ByteBuffer.allocate(16)));
        awaitBlockedInIo(reader);
        byte[] data = Payload.bytes(5, fixture().scaled(64 * 1024));
        assertEquals(data.length, c.client().write(ByteBuffer.wrap(data)), "the write completes meanwhile");
        assertBytes(data, readExactly(c.server(), data.length), "written past a blocked reader");
        writeAll(c.server(), new byte[] {1, 2, 3});
        assertEquals(3, reader.get());
    }

    /** Per-connection state of the echo server: bytes read but not yet echoed, and whether the client is done. */
    private static final class Echo {
        final ByteBuffer pending = ByteBuffer.allocate(16 * 1024);
        boolean ended;
    }

    /** A selector-driven echo server: echoes every connection until its client shuts down, then closes it. */
    private static int echoServer(Selector selector, ServerSocketChannel listener, int connections) throws IOException {
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        int finished = 0;
        while (finished < connections) {
            selector.select();
            for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                if (key.isAcceptable()) {
                    SocketChannel ch;
                    while ((ch = listener.accept()) != null) {
                        ch.configureBlocking(false);
                        ch.register(selector, SelectionKey.OP_READ, new Echo());
                    }
                    continue;
                }
                SocketChannel ch = (SocketChannel) key.channel();
                Echo echo = (Echo) key.attachment();
                if (key.isReadable() && ch.read(echo.pending) < 0) {
                    echo.ended = true;
                }
                echo.pending.flip();
                ch.write(echo.pending);
                echo.pending.compact();
                if (echo.pending.position() > 0) {
                    key.interestOps(SelectionKey.OP_WRITE);
                } else if (echo.ended) {
                    ch.close();
                    finished++;
                } else {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
        }
        return finished;
    }

    @Test
    void manyThreadsThroughOneSelectorDrivenEchoServer() throws IOException {
        int threads = 8;
        int perThread = 50;
        ServerSocketChannel listener = listen(threads * perThread);
        Selector selector = openSelector();
        Background<Integer> server = background("echo-server",
                () -> echoServer(selector, listener, threads * perThread));
        List<Background<Integer>> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            clients.add(background("echo-client-" + t, () -> {
                SplittableRandom random = new SplittableRandom(thread);
                List<SocketChannel> channels = new ArrayList<>();
                List<byte[]> sent = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    channels.add(connect(listener));
                }
                for (SocketChannel ch : channels) {
                    byte[] data = Payload.bytes(random.nextLong(), 1 + random.nextInt(fixture().scaled(16 * 1024)));
                    writeAll(ch, data);
                    ch.shutdownOutput();
                    sent.add(data);
                }
                for (int i = 0; i < perThread; i++) {
                    byte[] echoed = readToEnd(channels.get(i));
                    assertEquals(Payload.crc(sent.get(i)), Payload.crc(echoed),
                            "echo of connection " + i + " of thread " + thread);
                    channels.get(i).close();
                }
                return perThread;
            }));
        }
        int total = 0;
        for (Background<Integer> client : clients) {
            total += client.get();
        }
        assertEquals(threads * perThread, total);
        assertEquals(threads * perThread, server.get(), "the server saw every connection end");
    }

    @Test
    void aWakeupStormLeavesTheSelectorWorking() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ);
        List<Background<Void>> wakers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            boolean flipsInterest = w % 2 == 0;
            wakers.add(background("waker-" + w, () -> {
                for (int i = 0; i < 20_000; i++) {
                    selector.wakeup();
                    if (flipsInterest && i % 16 == 0) {
                        key.interestOps(i % 32 == 0 ? 0 : SelectionKey.OP_READ);
                    }
                }
                return null;
            }));
        }
        int selects = 0;
        do {
            // bounded: the last wakeup may be consumed before the loop sees the wakers done
            assertEquals(0, selector.select(100), "nothing is readable during the storm");
            selects++;
        } while (!wakers.stream().allMatch(Background::isDone));
        for (Background<Void> w : wakers) {
            w.get();
        }
        assertTrue(selects > 0);
        key.interestOps(SelectionKey.OP_READ);
        writeAll(c.server(), new byte[] {1});
        while (!selector.selectedKeys().contains(key)) {
            selector.select();
        }
        assertTrue(key.isReadable());
        assertEquals(1, c.client().read(ByteBuffer.allocate(4)));
    }

    @Test
    void closingManyConnectionsFromManyThreadsWhileSelecting() throws IOException {
        Selector selector = openSelector();
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Connection c = connectedPair();
            registeredClient(c, selector, SelectionKey.OP_READ);
            connections.add(c);
        }
        Background<Void> selecting = background("select-loop", () -> {
            while (!selector.keys().isEmpty()) {
                selector.select(10);
            }
            return null;
        });
        List<Background<Void>> closers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t;
            closers.add(background("closer-" + t, () -> {
                for (int i = first; i < connections.size(); i += 4) {
                    connections.get(i).client().close();
                }
                return null;
            }));
        }
        for (Background<Void> closer : closers) {
            closer.get();
        }
        selecting.get();
        for (Connection c : connections) {
            assertEquals(-1, c.server().read(ByteBuffer.allocate(1)), "every peer sees the end of stream");
            assertTrue(!c.client().isRegistered());
        }
    }
}
