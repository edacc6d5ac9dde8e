package dev.hvsock.frameworks;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.VsockAddress;
import dev.hvsock.testing.VsockTest;

import java.net.ProtocolFamily;
import java.net.SocketAddress;

/**
 * gRPC over AF_VSOCK through hvsock-nio's Netty channels, on the vsock loopback (CID 1, and only CID 1).
 * Runs in the QEMU guest harness (src/test/vm); elsewhere it skips, saying why.
 */
@VsockTest
class GrpcVsockTest extends GrpcTransportTest {
    @Override
    ProtocolFamily family() {
        return HvProtocolFamily.VSOCK;
    }

    @Override
    SocketAddress listenAddress() {
        return VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY);
    }

    @Override
    SocketAddress connectAddress(SocketAddress bound) {
        return VsockAddress.of(VsockAddress.CID_LOCAL, ((VsockAddress) bound).port());
    }
}
