package dev.hvsock.frameworks;

import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;

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
}
