package dev.hvsock.tool;

import dev.hvsock.testing.LinuxHostFeature;
import dev.hvsock.testing.LinuxHostTest;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.testing.VsockTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hvsock relay} between TCP, Unix and vsock: many concurrent connections, each checked byte for
 * byte against a backend that answers only after the client's half-close arrived, and closes only after
 * its own half-close was passed back.
 */
@Timeout(180)
class RelayCommandTest {
    private static final int CONNECTIONS = 50;
    private static final Duration READY = HvsockCli.READY_TIMEOUT;
    private static final Pattern READY_LINE = Pattern.compile("hvsock relay: listening on (\\S+), forwarding to .*");
    private static final Pattern SUMMARY = Pattern.compile(
            "hvsock relay: (\\d+) connections? \\((\\d+) failed\\), forward (\\d+) bytes .*, back (\\d+) bytes .*");

    @TempDir
    Path dir;

    @Test
    void relaysManyTcpConnectionsToUnix() throws Exception {
        UnixDomainSocketAddress backendAddress = UnixDomainSocketAddress.of(dir.resolve("backend.sock"));
        try (ReplyAfterEofServer backend = new ReplyAfterEofServer(unixListener(backendAddress));
             HvsockCli.Running relay = HvsockCli.start(null, "relay", "--count", Integer.toString(CONNECTIONS),
                     "tcp:127.0.0.1:0", "unix:" + backendAddress.getPath())) {
            String listening = awaitReady(relay);
            assertTrue(listening.startsWith("tcp:127.0.0.1:"), listening);
            int port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
            long bytes = exchangeConcurrently(CONNECTIONS, () -> {
                SocketChannel channel = SocketChannel.open();
                channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return channel;
            }, relay);
            HvsockCli.Result result = relay.await(HvsockCli.DEFAULT_TIMEOUT);
            assertEquals(0, result.exitCode(), result::toString);
            assertSummary(result, CONNECTIONS, 0, bytes);
            assertBackend(backend, CONNECTIONS);
        }
    }

    @Test
    void relaysManyUnixConnectionsToUnixAndSummarizesOnSigterm() throws Exception {
        UnixDomainSocketAddress backendAddress = UnixDomainSocketAddress.of(dir.resolve("backend.sock"));
        Path front = dir.resolve("front.sock");
        try (ReplyAfterEofServer backend = new ReplyAfterEofServer(unixListener(backendAddress));
             HvsockCli.Running relay = HvsockCli.start(null, "relay", "unix:" + front,
                     "unix:" + backendAddress.getPath())) {
            assertEquals("unix:" + front, awaitReady(relay));
            long bytes = exchangeConcurrently(CONNECTIONS, () -> unixClient(UnixDomainSocketAddress.of(front)), relay);
            assertBackend(backend, CONNECTIONS);
            HvsockCli.Result result = relay.terminate(HvsockCli.DEFAULT_TIMEOUT);
            assertSummary(result, CONNECTIONS, 0, bytes);
            assertTrue(result.stderr().isEmpty(), result::toString);
            assertFalse(Files.exists(front), "the relay left its socket file behind");
        }
    }

    @Test
    void relaysUnixConnectionsToTcp() throws Exception {
        ServerSocketChannel tcpListener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int backendPort = ((InetSocketAddress) tcpListener.getLocalAddress()).getPort();
        Path front = dir.resolve("front.sock");
        try (ReplyAfterEofServer backend = new ReplyAfterEofServer(tcpListener);
             HvsockCli.Running relay = HvsockCli.start(null, "relay", "-c", "10", "unix:" + front,
                     "tcp:127.0.0.1:" + backendPort)) {
            awaitReady(relay);
            long bytes = exchangeConcurrently(10, () -> unixClient(UnixDomainSocketAddress.of(front)), relay);
            HvsockCli.Result result = relay.await(HvsockCli.DEFAULT_TIMEOUT);
            assertEquals(0, result.exitCode(), result::toString);
            assertSummary(result, 10, 0, bytes);
            assertBackend(backend, 10);
        }
    }

    @LinuxHostTest(LinuxHostFeature.LINUX_SOCKETS)
    @Test
    void anUnreachableTargetClosesTheClientAndSetsTheExitStatus() throws Exception {
        Path front = dir.resolve("front.sock");
        Path nobody = dir.resolve("nobody.sock");
        try (HvsockCli.Running relay = HvsockCli.start(null, "relay", "--count", "1", "unix:" + front,
                "unix:" + nobody)) {
            awaitReady(relay);
            try (SocketChannel client = unixClient(UnixDomainSocketAddress.of(front))) {
                ByteBuffer buffer = ByteBuffer.allocate(16);
                int n;
                try {
                    n = client.read(buffer);
                } catch (IOException reset) {
                    n = -1;
                }
                assertEquals(-1, n, "the client should see its connection end");
            }
            HvsockCli.Result result = relay.await(HvsockCli.DEFAULT_TIMEOUT);
            assertEquals(3, result.exitCode(), result::toString);
            List<String> errors = result.stderrLines();
            assertEquals(1, errors.size(), result::toString);
            assertTrue(errors.getFirst().startsWith("hvsock relay: #1 from "), result::toString);
            assertTrue(errors.getFirst().contains("No such file or directory"), result::toString);
            assertSummary(result, 1, 1, 0);
            assertTrue(result.stdout().contains("hvsock relay: 1 connection (1 failed)"), "singular: " + result);
        }
    }

    /**
     * Unix -> relay -> vsock:1:PORT -> relay -> Unix: vsock on both the accepting and the connecting side.
     * (The QEMU guest has no network interface, so no TCP loopback; TCP is covered by the tests above.)
     */
    @Test
    @VsockTest
    @Timeout(600)
    void chainsUnixThroughVsockLoopbackToUnix() throws Exception {
        int connections = 20;
        UnixDomainSocketAddress backendAddress = UnixDomainSocketAddress.of(dir.resolve("backend.sock"));
        Path front = dir.resolve("front.sock");
        try (ReplyAfterEofServer backend = new ReplyAfterEofServer(unixListener(backendAddress));
             HvsockCli.Running vsockToUnix = HvsockCli.start(null, "relay", "-c", Integer.toString(connections),
                     "vsock:any:any", "unix:" + backendAddress.getPath())) {
            String vsockListening = awaitReady(vsockToUnix);
            long vsockPort = Long.parseLong(vsockListening.substring(vsockListening.lastIndexOf(':') + 1));
            try (HvsockCli.Running unixToVsock = HvsockCli.start(null, "relay", "-c", Integer.toString(connections),
                    "unix:" + front, VsockLoopback.address(vsockPort))) {
                awaitReady(unixToVsock);
                long bytes = exchangeConcurrently(connections, () -> unixClient(UnixDomainSocketAddress.of(front)),
                        unixToVsock, vsockToUnix);
                HvsockCli.Result first = unixToVsock.await(HvsockCli.DEFAULT_TIMEOUT);
                HvsockCli.Result second = vsockToUnix.await(HvsockCli.DEFAULT_TIMEOUT);
                assertEquals(0, first.exitCode(), first::toString);
                assertEquals(0, second.exitCode(), second::toString);
                assertSummary(first, connections, 0, bytes);
                assertSummary(second, connections, 0, bytes);
                assertBackend(backend, connections);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private interface Connector {
        SocketChannel connect() throws IOException;
    }

    private static ServerSocketChannel unixListener(SocketAddress address) throws IOException {
        ServerSocketChannel server = HvSelectorProvider.provider().openServerSocketChannel(StandardProtocolFamily.UNIX);
        server.bind(address, 128);
        return server;
    }

    private static SocketChannel unixClient(SocketAddress address) throws IOException {
        SocketChannel channel = HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX);
        channel.connect(address);
        return channel;
    }

    private static String awaitReady(HvsockCli.Running relay) {
        String line = relay.awaitStdoutLine(l -> READY_LINE.matcher(l).matches(), READY);
        Matcher m = READY_LINE.matcher(line);
        assertTrue(m.matches());
        return m.group(1);
    }

    /**
     * Opens {@code count} connections at once; each sends its own random payload, half-closes, and must
     * get exactly that payload back followed by EOF. Returns the bytes sent (= received) in total.
     */
    private static long exchangeConcurrently(int count, Connector connector, HvsockCli.Running... relays)
            throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int id = i;
                results.add(clients.submit(() -> {
                    byte[] payload = Payloads.random(32 * 1024 + id * 7919, id);
                    try (SocketChannel channel = connector.connect()) {
                        byte[] reply = exchange(channel, payload);
                        assertEquals(payload.length, reply.length, "connection " + id + ": reply length");
                        assertEquals(Payloads.sha256(payload), Payloads.sha256(reply), "connection " + id);
                    }
                    return payload.length;
                }));
            }
            long total = 0;
            for (Future<Integer> result : results) {
                try {
                    total += result.get(300, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    StringBuilder context = new StringBuilder(String.valueOf(e.getCause().getMessage()));
                    for (HvsockCli.Running relay : relays) {
                        context.append("\n--- relay stderr:\n").append(relay.stderrSoFar());
                    }
                    throw new AssertionError(context.toString(), e.getCause());
                }
            }
            return total;
        }
    }

    private static byte[] exchange(SocketChannel channel, byte[] payload) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(payload);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        channel.shutdownOutput();
        ByteArrayOutputStream received = new ByteArrayOutputStream(payload.length);
        ByteBuffer in = ByteBuffer.allocate(32 * 1024);
        while (channel.read(in) >= 0) {
            received.write(in.array(), 0, in.position());
            in.clear();
        }
        return received.toByteArray();
    }

    private static void assertSummary(HvsockCli.Result result, int connections, int failed, long bytesEachWay) {
        Matcher m = result.stdout().lines().map(SUMMARY::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no summary line\n" + result));
        assertEquals(connections, Integer.parseInt(m.group(1)), result::toString);
        assertEquals(failed, Integer.parseInt(m.group(2)), result::toString);
        assertEquals(bytesEachWay, Long.parseLong(m.group(3)), () -> "forward bytes\n" + result);
        assertEquals(bytesEachWay, Long.parseLong(m.group(4)), () -> "back bytes\n" + result);
    }

    private static void assertBackend(ReplyAfterEofServer backend, int connections) throws InterruptedException {
        // the backend finishes a connection only after the relay closed it; allow it that moment, bounded
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (backend.completed.get() + backend.problems.size() < connections && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(backend.problems.isEmpty(), () -> "backend problems: " + backend.problems);
        assertEquals(connections, backend.completed.get());
    }
}
