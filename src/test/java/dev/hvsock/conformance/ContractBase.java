package dev.hvsock.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every group of the conformance suite shares: the fixture, opening and connecting channels, and
 * closing whatever a test opened (channels, selectors, background threads) however it ends.
 */
// A separate thread: a test stuck in a loop (a select that keeps returning) still ends at the timeout
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class ContractBase {
    private final ChannelFixture fixture;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final List<Background<?>> tasks = new ArrayList<>();

    ContractBase(ChannelFixture fixture) {
        this.fixture = fixture;
    }

    /** The family under test. */
    protected final ChannelFixture fixture() {
        return fixture;
    }

    protected final SelectorProvider provider() {
        return fixture().provider();
    }

    /** Closes {@code resource} after the test. */
    protected final <T extends AutoCloseable> T track(T resource) {
        synchronized (resources) {
            resources.push(resource);
        }
        return resource;
    }

    /**
     * Closes what the test opened, then waits for its threads to end. Both are bounded: against a broken
     * library a close can block (a selector whose select never returns), and cleanup must not hang the run.
     */
    @AfterEach
    final void releaseResources() throws Exception {
        Background<Exception> closer = Background.start(ThreadKind.PLATFORM, "test-cleanup", this::closeAll);
        if (!closer.awaitEnd(TimeUnit.SECONDS.toNanos(Background.PATIENCE_SECONDS))) {
            throw new AssertionError("closing the test's channels and selectors did not finish within "
                    + Background.PATIENCE_SECONDS + " s; stuck at " + closer.stack());
        }
        Exception failedClose = closer.get();
        List<Background<?>> running;
        synchronized (tasks) {
            running = new ArrayList<>(tasks);
            tasks.clear();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Background.PATIENCE_SECONDS);
        for (Background<?> task : running) {
            if (!task.awaitEnd(deadline - System.nanoTime())) {
                throw new AssertionError(task.thread().getName() + " still runs after its test closed everything;"
                        + " it is at " + task.stack());
            }
        }
        if (failedClose != null) {
            throw failedClose;
        }
    }

    /** Closes every tracked resource, newest first: the first exception, or null. */
    private Exception closeAll() {
        Exception first = null;
        while (true) {
            AutoCloseable r;
            synchronized (resources) {
                r = resources.poll();
            }
            if (r == null) {
                return first;
            }
            try {
                r.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
    }

    /** Runs {@code body} on a new thread of {@code kind}; the test waits for it to end. */
    protected final <T> Background<T> background(ThreadKind kind, String name, Callable<T> body) {
        Background<T> task = Background.start(kind, name, body);
        synchronized (tasks) {
            tasks.add(task);
        }
        return task;
    }

    protected final <T> Background<T> background(String name, Callable<T> body) {
        return background(ThreadKind.PLATFORM, name, body);
    }

    /** Waits until {@code task} is blocked in a read, write, accept or connect of the family's channels. */
    protected final void awaitBlockedInIo(Background<?> task) {
        task.awaitBlockedIn(fixture.blockingFrames().io());
    }

    /** Waits until {@code task} is blocked in a select of the family's selector. */
    protected final void awaitBlockedInSelect(Background<?> task) {
        task.awaitBlockedIn(fixture.blockingFrames().select());
    }

    protected final Selector openSelector() throws IOException {
        return track(provider().openSelector());
    }

    protected final SocketChannel openChannel() throws IOException {
        return track(provider().openSocketChannel(fixture().family()));
    }

    protected final ServerSocketChannel openServer() throws IOException {
        return track(provider().openServerSocketChannel(fixture().family()));
    }

    /** A listener bound to a fresh address, with the default backlog. */
    protected final ServerSocketChannel listen() throws IOException {
        return listen(0);
    }

    protected final ServerSocketChannel listen(int backlog) throws IOException {
        ServerSocketChannel server = openServer();
        server.bind(fixture().newServerAddress(), backlog);
        return server;
    }

    protected final SocketAddress connectAddress(ServerSocketChannel server) throws IOException {
        return fixture().connectAddressFor(server.getLocalAddress());
    }

    /**
     * Fills the backlog of {@code server}, a listener with a small backlog that never accepts: opens
     * non-blocking clients until one's connect is refused at once, as it is where the family has
     * {@link Feature#FULL_BACKLOG_FAILS_A_NONBLOCKING_CONNECT}. The clients that connected are added to
     * {@code queued}.
     *
     * @return the refusal: the exception of the connect that found the backlog full
     */
    protected final SocketException fillBacklog(ServerSocketChannel server, List<SocketChannel> queued)
            throws IOException {
        SocketAddress target = connectAddress(server);
        for (int i = 0; i < 64; i++) {
            SocketChannel client = openChannel();
            client.configureBlocking(false);
            try {
                if (!client.connect(target)) {
                    throw new AssertionError("a connect to a listener whose backlog is full stayed pending after "
                            + queued.size() + " connections, instead of failing");
                }
            } catch (SocketException refused) {
                return refused;
            }
            queued.add(client);
        }
        throw new AssertionError("64 connects completed against a listener with backlog 1 that never accepts");
    }

    /**
     * Skips the test, saying why, if the family lacks {@code feature}: for a feature that only some runs of a
     * parameterized test need (a {@link Requires} holds for every run).
     */
    protected final void assumeFeature(Feature feature) {
        String lacking = fixture().lacks(feature);
        assumeTrue(lacking == null, lacking);
    }

    /** A client connected (blocking) to {@code server}. */
    protected final SocketChannel connect(ServerSocketChannel server) throws IOException {
        SocketChannel client = openChannel();
        assertTrue(client.connect(connectAddress(server)), "a blocking connect returns true");
        return client;
    }

    /** The next connection {@code server} accepts (blocking). */
    protected final SocketChannel accept(ServerSocketChannel server) throws IOException {
        SocketChannel accepted = server.accept();
        assertNotNull(accepted, "a blocking accept returns a channel");
        return track(accepted);
    }

    protected final Connection connectedPair() throws IOException {
        return connectedPair(listen());
    }

    protected final Connection connectedPair(ServerSocketChannel server) throws IOException {
        SocketChannel client = connect(server);
        return new Connection(client, accept(server));
    }

    /** Registers the client end of {@code c}, now non-blocking, with {@code selector} for {@code ops}. */
    protected static SelectionKey registeredClient(Connection c, Selector selector, int ops) throws IOException {
        c.client().configureBlocking(false);
        return c.client().register(selector, ops);
    }

    // ------------------------------------------------------------------ data helpers

    /** Reads exactly {@code n} bytes (blocking), failing on a premature end of stream. */
    protected static byte[] readExactly(SocketChannel ch, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            int r = ch.read(buf);
            if (r < 0) {
                throw new AssertionError("end of stream after " + buf.position() + " of " + n + " bytes");
            }
        }
        return buf.array();
    }

    /** Reads everything up to the end of stream (blocking). */
    protected static byte[] readToEnd(SocketChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (ch.read(buf) >= 0) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        return out.toByteArray();
    }

    /** Writes all of {@code data} (blocking). */
    protected static void writeAll(SocketChannel ch, byte[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /**
     * Writes in non-blocking mode until the socket takes no more (the peer does not read), then puts the
     * channel back in blocking mode. The bytes written count up from 0 (mod 256).
     *
     * @return how many bytes the socket took
     */
    protected static long fillSendBuffer(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.wrap(Payload.counting(0, 256));
        long total = 0;
        int zeroWrites = 0;
        // a few zero-length writes in a row: the kernel may still be moving data to the peer's queue
        while (zeroWrites < 3) {
            if (!chunk.hasRemaining()) {
                chunk.clear();
            }
            int n = ch.write(chunk);
            total += n;
            zeroWrites = n == 0 ? zeroWrites + 1 : 0;
            if (total > 256L * 1024 * 1024) {
                throw new AssertionError("the socket took 256 MiB without a reader");
            }
        }
        ch.configureBlocking(true);
        return total;
    }

    protected static void assertBytes(byte[] expected, byte[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                throw new AssertionError(what + ": first difference at byte " + i + " of " + expected.length
                        + " (expected " + expected[i] + ", got " + actual[i] + ")");
            }
        }
    }
}
