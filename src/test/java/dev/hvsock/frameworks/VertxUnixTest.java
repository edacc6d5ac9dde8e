package dev.hvsock.frameworks;

import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/** Vert.x 5 on {@link dev.hvsock.vertx.HvVertx#transport} for AF_UNIX: a domain-socket address is a path. */
class VertxUnixTest extends VertxTransportTest {
    @Override
    ProtocolFamily family() {
        return StandardProtocolFamily.UNIX;
    }

    @Override
    String listenText(String name) {
        return tempDir.resolve(name).toString();
    }

    @Override
    String connectText(String name) {
        return listenText(name);
    }
}
