package dev.hvsock.frameworks;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.VsockAddress;
import dev.hvsock.testing.VsockTest;

import java.net.ProtocolFamily;
import java.net.SocketAddress;

/**
 * Reactor Netty over {@link dev.hvsock.reactor.HvLoopResources} and AF_VSOCK, through the vsock loopback (CID 1,
 * and only CID 1). Runs in the QEMU guest harness (src/test/vm); elsewhere it skips, saying why.
 */
@VsockTest
class ReactorNettyVsockTest extends ReactorNettyTransportTest {
    @Override
    ProtocolFamily family() {
        return HvProtocolFamily.VSOCK;
    }

    @Override
    SocketAddress listenAddress(String name) {
        return VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY);
    }

    @Override
    SocketAddress connectAddress(SocketAddress listening) {
        return VsockAddress.of(VsockAddress.CID_LOCAL, ((VsockAddress) listening).port());
    }

    @Override
    boolean reactorTakesItForADomainSocket() {
        return false;
    }

    @Override
    Class<? extends SocketAddress> addressType() {
        return VsockAddress.class;
    }

    @Override
    int payloadBytes() {
        return 64 * 1024; // the guest emulates its CPU (see NettyVsockTest)
    }
}
