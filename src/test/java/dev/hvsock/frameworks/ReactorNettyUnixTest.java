package dev.hvsock.frameworks;

import dev.hvsock.reactor.HvLoopResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reactor Netty over {@link dev.hvsock.reactor.HvLoopResources} and AF_UNIX. */
class ReactorNettyUnixTest extends ReactorNettyTransportTest {
    @Override
    ProtocolFamily family() {
        return StandardProtocolFamily.UNIX;
    }

    @Override
    SocketAddress listenAddress(String name) {
        return UnixDomainSocketAddress.of(tempDir.resolve(name));
    }

    @Override
    SocketAddress connectAddress(SocketAddress listening) {
        return listening;
    }

    @Override
    boolean reactorTakesItForADomainSocket() {
        return true;
    }

    @Override
    Class<? extends SocketAddress> addressType() {
        return UnixDomainSocketAddress.class;
    }

    // tag::reactor-http-over-unix[]
    /** Serves HTTP on {@code socketFile} with Reactor Netty, asks it once and returns the answer. */
    static String helloWithReactorNetty(Path socketFile) {
        HvLoopResources loops = HvLoopResources.create(StandardProtocolFamily.UNIX);
        try {
            DisposableServer server = HttpServer.create()
                    .runOn(loops)
                    .bindAddress(() -> UnixDomainSocketAddress.of(socketFile))
                    .route(routes -> routes.get("/hello/{name}", (request, response) ->
                            response.sendString(Mono.just("hello, " + request.param("name")))))
                    .bindNow();
            try {
                return HttpClient.newConnection() // no pool that outlives the loops
                        .runOn(loops)
                        .remoteAddress(() -> server.channel().localAddress()) // not server.address(): see below
                        .get().uri("/hello/reactor")
                        .responseContent().aggregate().asString()
                        .block(Duration.ofSeconds(30));
            } finally {
                server.disposeNow();
            }
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(30));
        }
    }
    // end::reactor-http-over-unix[]

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void recipeHttpOverUnix() {
        assertEquals("hello, reactor", helloWithReactorNetty(tempDir.resolve("recipe.sock")));
    }
}
