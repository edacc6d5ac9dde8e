package dev.hvsock.frameworks;

import dev.hvsock.reactor.HvLoopResources;
import dev.hvsock.testing.Netty42Test;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;
import reactor.util.Loggers;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reactor Netty 1.3 over {@link HvLoopResources}: {@code TcpServer}/{@code TcpClient} and
 * {@code HttpServer}/{@code HttpClient}, for one family; the Unix and vsock suites pick it. Fails if Netty or
 * Reactor logs a warning.
 */
@Netty42Test
abstract class ReactorNettyTransportTest {
    static final Duration WAIT = Duration.ofSeconds(120); // generous: this machine may be loaded 10-fold

    @TempDir
    Path tempDir;

    HvLoopResources loops;
    private NettyWarnings warnings;

    abstract ProtocolFamily family();

    /** Where a server listens. */
    abstract SocketAddress listenAddress(String name);

    /** Where a client connects, given the server's local address. */
    abstract SocketAddress connectAddress(SocketAddress listening);

    /** The type of the addresses the channels report. */
    abstract Class<? extends SocketAddress> addressType();

    /** How many bytes the echo and upload tests send. */
    int payloadBytes() {
        return 1 << 20;
    }

    @BeforeEach
    void createLoops() {
        Loggers.useJdkLoggers(); // not SLF4J, which is on the class path without a provider: NettyWarnings sees it
        warnings = NettyWarnings.install();
        loops = HvLoopResources.create(family(), 2, true);
    }

    @AfterEach
    void disposeLoops() {
        loops.disposeLater(Duration.ofMillis(100), Duration.ofSeconds(5)).block(WAIT);
        assertTrue(loops.isDisposed());
        assertEquals(List.of(), warnings.uninstall(), "Netty or Reactor logged warnings");
    }

    byte[] randomBytes(int seed) {
        byte[] bytes = new byte[payloadBytes()];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    @Timeout(value = 300, unit = SECONDS)
    void tcpServerEchoesWhatATcpClientSends() {
        DisposableServer server = TcpServer.create()
                .runOn(loops)
                .bindAddress(() -> listenAddress("tcp.sock"))
                .handle((in, out) -> out.send(in.receive().retain()))
                .bindNow(WAIT);
        try {
            SocketAddress local = server.channel().localAddress();
            assertInstanceOf(addressType(), local);
            byte[] sent = randomBytes(1);
            Connection client = TcpClient.create()
                    .runOn(loops)
                    .remoteAddress(() -> connectAddress(local))
                    .connectNow(WAIT);
            try {
                assertInstanceOf(addressType(), client.channel().remoteAddress());
                client.outbound().sendByteArray(Mono.just(sent)).then().subscribe();
                byte[] received = client.inbound().receive().asByteArray()
                        .scan(new byte[0], ReactorNettyTransportTest::concat)
                        .filter(bytes -> bytes.length >= sent.length)
                        .blockFirst(WAIT);
                assertArrayEquals(sent, received);
            } finally {
                client.disposeNow(WAIT);
            }
        } finally {
            server.disposeNow(WAIT);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    @Test
    @Timeout(value = 300, unit = SECONDS)
    void httpServerAnswersAnHttpClientOnKeptAliveConnections() {
        AtomicInteger serverConnections = new AtomicInteger();
        DisposableServer server = HttpServer.create()
                .runOn(loops)
                .bindAddress(() -> listenAddress("http.sock"))
                .doOnChannelInit((observer, channel, remote) -> serverConnections.incrementAndGet())
                .route(routes -> routes
                        .get("/hello/{name}", (request, response) ->
                                response.sendString(Mono.just("hello, " + request.param("name"))))
                        .post("/echo", (request, response) -> response.send(request.receive().retain())))
                .bindNow(WAIT);
        ConnectionProvider pool = ConnectionProvider.create("hvsock-test", 1);
        try {
            SocketAddress local = server.channel().localAddress();
            HttpClient client = HttpClient.create(pool)
                    .runOn(loops)
                    .remoteAddress(() -> connectAddress(local));
            for (int i = 0; i < 3; i++) {
                String body = client.get().uri("/hello/hvsock" + i)
                        .responseSingle((response, content) -> {
                            assertEquals(HttpResponseStatus.OK, response.status());
                            return content.asString(StandardCharsets.UTF_8);
                        })
                        .block(WAIT);
                assertEquals("hello, hvsock" + i, body);
            }
            byte[] upload = randomBytes(2);
            byte[] echoed = client.post().uri("/echo")
                    .send((request, outbound) -> outbound.sendByteArray(Mono.just(upload)))
                    .responseContent().aggregate().asByteArray()
                    .block(WAIT);
            assertArrayEquals(upload, echoed);
            assertEquals(1, serverConnections.get(), "one kept-alive connection carried every request");
        } finally {
            pool.disposeLater().block(WAIT);
            server.disposeNow(WAIT);
        }
    }

    /**
     * {@code runOn(loops)} makes a client a DNS resolver on these loops, which Reactor asks for the resolver of
     * the connection's loop before it connects to an address it does not take for a domain socket (vsock,
     * Hyper-V): making it, asking it, and closing it must work, and a query fail at once.
     */
    @Test
    @Timeout(value = 60, unit = SECONDS)
    void theDnsResolverOfAClientOnTheseLoopsIsHarmless() throws Exception {
        AddressResolverGroup<?> group = TcpClient.create().runOn(loops).configuration().resolver();
        assertNotNull(group, "runOn gives the client a resolver");
        EventLoop loop = loops.onClient(false).next();
        AddressResolver<?> resolver = loop.submit(() -> group.getResolver(loop)).get(30, SECONDS);
        assertFalse(resolver.isSupported(connectAddress(listenAddress("dns.sock"))),
                "an address of the family goes to connect as it is");
        Future<?> query = resolver.resolve(InetSocketAddress.createUnresolved("hvsock-nio.invalid", 80));
        assertTrue(query.await(30, SECONDS), "the query did not finish");
        assertFalse(query.isSuccess(), "no DNS query leaves on these loops");
        loop.submit(resolver::close).get(30, SECONDS);
    }

    /**
     * Whether Reactor Netty takes the family's addresses for domain-socket ones: it does for the JDK's
     * {@code UnixDomainSocketAddress}; any other address it takes for an {@code InetSocketAddress}.
     */
    abstract boolean reactorTakesItForADomainSocket();

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void disposableServerAccessorsAssumeIpOrDomainSocketsAndTheChannelHasTheAddress() {
        DisposableServer server = TcpServer.create()
                .runOn(loops)
                .bindAddress(() -> listenAddress("address.sock"))
                .handle((in, out) -> out.neverComplete())
                .bindNow(WAIT);
        try {
            if (reactorTakesItForADomainSocket()) {
                assertEquals(server.channel().localAddress(), server.address());
                assertThrows(UnsupportedOperationException.class, server::port);
                assertThrows(UnsupportedOperationException.class, server::host);
            } else {
                // Reactor Netty casts the server's address to InetSocketAddress
                assertThrows(ClassCastException.class, server::address);
                assertThrows(ClassCastException.class, server::port);
                assertThrows(ClassCastException.class, server::host);
            }
            // what to call instead
            assertInstanceOf(addressType(), server.channel().localAddress());
        } finally {
            server.disposeNow(WAIT);
        }
    }
}
