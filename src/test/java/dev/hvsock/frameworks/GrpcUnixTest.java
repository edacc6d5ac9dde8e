package dev.hvsock.frameworks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** gRPC over AF_UNIX through hvsock-nio's Netty channels. */
class GrpcUnixTest extends GrpcTransportTest {
    @TempDir
    Path tempDir;

    @Override
    ProtocolFamily family() {
        return StandardProtocolFamily.UNIX;
    }

    @Override
    SocketAddress listenAddress() {
        return UnixDomainSocketAddress.of(tempDir.resolve("grpc.sock"));
    }

    @Override
    SocketAddress connectAddress(SocketAddress bound) {
        return bound;
    }

    @AfterEach
    void theServerDeletedItsSocketFile() {
        assertFalse(Files.exists(tempDir.resolve("grpc.sock")), "the socket file outlived the gRPC server");
    }
}
