package dev.hvsock.frameworks;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.testing.VsockTest;

import java.net.ProtocolFamily;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Vert.x 5 on {@link dev.hvsock.vertx.HvVertx#transport} for AF_VSOCK: a domain-socket address is
 * {@code vsock:CID:PORT}, through the vsock loopback (CID 1, and only CID 1). Vert.x tells a domain-socket
 * server nothing of the port it got, so each server takes a port of its own, picked at random. Runs in the
 * QEMU guest harness (src/test/vm); elsewhere it skips, saying why.
 */
@VsockTest
class VertxVsockTest extends VertxTransportTest {
    private final Map<String, Long> ports = new ConcurrentHashMap<>();

    @Override
    ProtocolFamily family() {
        return HvProtocolFamily.VSOCK;
    }

    private long port(String name) {
        return ports.computeIfAbsent(name, n -> ThreadLocalRandom.current().nextLong(20_000, 60_000));
    }

    @Override
    String listenText(String name) {
        return "vsock:any:" + port(name);
    }

    @Override
    String connectText(String name) {
        return "vsock:local:" + port(name);
    }

    @Override
    int payloadBytes() {
        return 64 * 1024; // the guest emulates its CPU (see NettyVsockTest)
    }
}
