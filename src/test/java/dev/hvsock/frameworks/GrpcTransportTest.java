package dev.hvsock.frameworks;

import dev.hvsock.sample.GrpcRoundTrips;
import dev.hvsock.testing.NettyTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.util.List;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gRPC-java (grpc-netty, with the Netty line under test) over hvsock-nio's Netty channels: unary calls and a
 * 32 MiB server stream, checked by SHA-256, through {@code NettyServerBuilder}/{@code NettyChannelBuilder}
 * as the recipe in docs/frameworks.md has them. Fails if Netty or gRPC logged a warning.
 */
@NettyTest
abstract class GrpcTransportTest {
    private NettyWarnings warnings;

    /** The family of the channels. */
    abstract ProtocolFamily family();

    /** Where the server listens. */
    abstract SocketAddress listenAddress();

    /** Where the client connects, given the address the server bound. */
    abstract SocketAddress connectAddress(SocketAddress bound);

    @BeforeEach
    void collectWarnings() {
        warnings = NettyWarnings.install();
    }

    @AfterEach
    void noWarnings() {
        assertEquals(List.of(), warnings.uninstall(), "Netty or gRPC logged warnings");
    }

    @Test
    @Timeout(value = 300, unit = SECONDS)
    void unaryCallsAndA32MiBStreamArriveIntact() throws Exception {
        GrpcRoundTrips.Outcome outcome = GrpcRoundTrips.run(family(), listenAddress(), this::connectAddress);
        assertInstanceOf(listenAddress().getClass(), outcome.server(), "the server's address");
        assertTrue(outcome.unaryEchoed(), "unary calls got their request back");
        assertEquals(GrpcRoundTrips.STREAMED_BYTES, outcome.streamedBytes(), "bytes streamed");
        assertTrue(outcome.streamMatches(), "the stream's SHA-256 is that of what the server sent");
        System.out.printf("[frameworks] %s: gRPC stream of %d MiB in %d ms%n", getClass().getSimpleName(),
                outcome.streamedBytes() >> 20, outcome.streamMillis());
    }
}
