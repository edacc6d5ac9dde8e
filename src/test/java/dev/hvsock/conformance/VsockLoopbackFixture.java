package dev.hvsock.conformance;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.VsockAddress;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * AF_VSOCK over the loopback transport: listeners bind to {@code CID_ANY} and clients connect to CID 1
 * ({@code VMADDR_CID_LOCAL}). No other CID is ever connected to. Where there is no loopback transport the
 * family's {@code @VsockTest} skips it.
 */
final class VsockLoopbackFixture implements ChannelFixture {
    private final SelectorProvider provider = HvSelectorProvider.provider();

    @Override
    public SelectorProvider provider() {
        return provider;
    }

    @Override
    public ProtocolFamily family() {
        return HvProtocolFamily.VSOCK;
    }

    @Override
    public Class<? extends SocketAddress> addressType() {
        return VsockAddress.class;
    }

    @Override
    public SocketAddress newServerAddress() {
        return VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY);
    }

    @Override
    public SocketAddress connectAddressFor(SocketAddress boundLocal) {
        return VsockAddress.of(VsockAddress.CID_LOCAL, ((VsockAddress) boundLocal).port());
    }

    /** A port on CID 1 that was free a moment ago: a listener bound it, then let it go. */
    @Override
    public SocketAddress missingAddress() throws IOException {
        try (ServerSocketChannel server = provider.openServerSocketChannel(family())) {
            server.bind(newServerAddress());
            return connectAddressFor(server.getLocalAddress());
        }
    }

    @Override
    public String lacks(Feature feature) {
        return switch (feature) {
            case FULL_BACKLOG_FAILS_A_NONBLOCKING_CONNECT, FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT,
                 FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT_ON_VIRTUAL_THREADS -> "vsock answers a connect that finds "
                    + "the backlog full with a reset: it starts (EINPROGRESS) and fails later, blocking or not, "
                    + "so a backlog can neither be filled by refused connects nor hold a blocking one";
            default -> null;
        };
    }

    @Override
    public BlockingFrames blockingFrames() {
        return BlockingFrames.HVSOCK;
    }

    @Override
    public double dataScale() {
        // vsock_loopback in the QEMU guest moves data about 20 times slower than AF_UNIX here
        return 1.0 / 16;
    }
}
