package dev.hvsock.tool;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.testing.VsockTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hvsock listen} and {@code hvsock connect} piping files both ways at once. Each side's stdin ends
 * before its peer's does, so both only finish if the end of stdin reaches the peer as a half-close while
 * the other direction keeps flowing.
 */
@Timeout(120)
class ListenConnectTest {
    private static final Duration READY = HvsockCli.READY_TIMEOUT;

    @TempDir
    Path dir;

    @Test
    void pipesFilesBothWaysOverUnixWithHalfClose() {
        pipeBothWays("unix:" + dir.resolve("pipe.sock"), null, 6 << 20, 5 << 20);
        assertFalse(Files.exists(dir.resolve("pipe.sock")), "listen left its socket file behind");
    }

    @Test
    void pipesFilesBothWaysOverTcpLoopback() {
        pipeBothWays("tcp:127.0.0.1:0", null, 6 << 20, 5 << 20);
    }

    @Test
    @VsockTest
    @Timeout(600)
    void pipesFilesBothWaysOverVsockLoopback() {
        pipeBothWays("vsock:any:any", port -> VsockLoopback.address(port), 2 << 20, 1 << 20);
    }

    @Test
    @VsockTest
    @Timeout(600)
    void hyperVLoopbackAddressMapsToVsockCidOne() {
        // loopback:PORT is HV_GUID_LOOPBACK + the port's template service id, which Linux maps to vsock:1:PORT.
        // A service id carries ports up to 0x7FFFFFFF only (hvsocket.h), and the kernel's own pick for
        // vsock:any:any is a random 32-bit port, so the listener takes one in that range itself.
        long port = ThreadLocalRandom.current().nextLong(1024, HvSocketAddress.MAX_VSOCK_PORT + 1);
        pipeBothWays("vsock:any:" + port, p -> "loopback:" + p, 1 << 20, 1 << 20);
    }

    /** connect's stdin reaches a peer that only answers after EOF: nc -N's half-close. */
    @Test
    void connectHalfClosesAtTheEndOfStdin() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("reply.sock"));
        ServerSocketChannel server = HvSelectorProvider.provider().openServerSocketChannel(StandardProtocolFamily.UNIX);
        server.bind(address);
        try (ReplyAfterEofServer backend = new ReplyAfterEofServer(server)) {
            byte[] request = Payloads.random(3 << 20, 7);
            HvsockCli.Result result = HvsockCli.run(request, HvsockCli.DEFAULT_TIMEOUT, "connect",
                    "unix:" + address.getPath());
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(Payloads.sha256(request), Payloads.sha256(result.stdoutBytes()), "reply differs");
            assertEquals(1, backend.completed.get(), () -> "backend: " + backend.problems);
            assertTrue(backend.problems.isEmpty(), () -> "backend: " + backend.problems);
        }
    }

    /** listen accepts one connection, passes what it receives to stdout and half-closes after stdin. */
    @Test
    void listenServesOneConnectionToAnInProcessClient() throws Exception {
        byte[] greeting = Payloads.random(100_000, 11);
        byte[] upload = Payloads.random(2 << 20, 12);
        try (HvsockCli.Running listen = HvsockCli.start(greeting, "listen", "-v", "unix:" + dir.resolve("one.sock"))) {
            String ready = listen.awaitStderrLine(l -> l.startsWith("hvsock listen: listening on "), READY);
            String path = ready.substring(ready.indexOf("unix:") + 5);
            try (SocketChannel client = HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX)) {
                client.connect(UnixDomainSocketAddress.of(path));
                ByteBuffer out = ByteBuffer.wrap(upload);
                while (out.hasRemaining()) {
                    client.write(out);
                }
                client.shutdownOutput();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                ByteBuffer in = ByteBuffer.allocate(64 * 1024);
                while (client.read(in) >= 0) {
                    received.write(in.array(), 0, in.position());
                    in.clear();
                }
                assertArrayEquals(greeting, received.toByteArray());
            }
            HvsockCli.Result result = listen.await(HvsockCli.DEFAULT_TIMEOUT);
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(Payloads.sha256(upload), Payloads.sha256(result.stdoutBytes()));
            assertTrue(result.stderr().contains("sent " + greeting.length + " bytes, received " + upload.length
                    + " bytes"), result::toString);
        }
    }

    /** listen --keep-open collects connection after connection to stdout, and only sends (EOF) to them. */
    @Test
    void keepOpenCollectsConnectionsOneAfterAnother() throws Exception {
        byte[] first = Payloads.random(300_000, 21);
        byte[] second = Payloads.random(200_000, 22);
        Path path = dir.resolve("collector.sock");
        try (HvsockCli.Running listen = HvsockCli.start(null, "listen", "--keep-open", "-v", "unix:" + path)) {
            listen.awaitStderrLine(l -> l.startsWith("hvsock listen: listening on "), READY);
            for (byte[] payload : new byte[][] {first, second}) {
                try (SocketChannel client =
                             HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX)) {
                    client.connect(UnixDomainSocketAddress.of(path));
                    ByteBuffer out = ByteBuffer.wrap(payload);
                    while (out.hasRemaining()) {
                        client.write(out);
                    }
                    client.shutdownOutput();
                    assertEquals(-1, client.read(ByteBuffer.allocate(1)), "listen -k sends nothing");
                }
                listen.awaitStderrLine(
                        l -> l.startsWith("hvsock listen: sent 0 bytes, received " + payload.length), READY);
            }
            HvsockCli.Result result = listen.terminate(HvsockCli.DEFAULT_TIMEOUT);
            byte[] both = new byte[first.length + second.length];
            System.arraycopy(first, 0, both, 0, first.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            assertEquals(Payloads.sha256(both), Payloads.sha256(result.stdoutBytes()), result::toString);
            assertFalse(Files.exists(path), "listen left its socket file behind");
        }
    }

    /**
     * Starts {@code hvsock listen -v LISTEN}, reads the address it reports, connects {@code hvsock connect}
     * to it (or to {@code connectTo.apply(port)}), and checks both outputs byte for byte.
     */
    private void pipeBothWays(String listenAddress, java.util.function.LongFunction<String> connectTo,
                              int toListenerBytes, int toConnectorBytes) {
        byte[] toListener = Payloads.random(toListenerBytes, 1);
        byte[] toConnector = Payloads.random(toConnectorBytes, 2);
        try (HvsockCli.Running listen = HvsockCli.start(toConnector, "listen", "-v", listenAddress)) {
            String ready = listen.awaitStderrLine(l -> l.startsWith("hvsock listen: listening on "), READY);
            String actual = ready.substring("hvsock listen: listening on ".length());
            String target = connectTo == null ? actual
                    : connectTo.apply(Long.parseLong(actual.substring(actual.lastIndexOf(':') + 1)));
            HvsockCli.Result connect = HvsockCli.run(toListener, HvsockCli.DEFAULT_TIMEOUT, "connect", target);
            HvsockCli.Result listened = listen.await(HvsockCli.DEFAULT_TIMEOUT);
            assertEquals(0, connect.exitCode(), connect::toString);
            assertEquals(0, listened.exitCode(), listened::toString);
            assertEquals(toListener.length, listened.stdoutBytes().length, "bytes that reached listen's stdout");
            assertEquals(Payloads.sha256(toListener), Payloads.sha256(listened.stdoutBytes()));
            assertEquals(toConnector.length, connect.stdoutBytes().length, "bytes that reached connect's stdout");
            assertEquals(Payloads.sha256(toConnector), Payloads.sha256(connect.stdoutBytes()));
        }
    }
}
