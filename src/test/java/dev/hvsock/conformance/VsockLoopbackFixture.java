package dev.hvsock.conformance;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.VsockAddress;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * AF_VSOCK over the loopback transport: listeners bind to {@code CID_ANY} and clients connect to CID 1
 * ({@code VMADDR_CID_LOCAL}). No other CID is ever connected to.
 */
final class VsockLoopbackFixture implements ChannelFixture {
    /** Set (to 1) where the loopback must exist, e.g. in the QEMU guest: then its absence fails the suite. */
    static final String EXPECT_LOOPBACK_ENV = "HVSOCK_EXPECT_VSOCK_LOOPBACK";
    static final String NO_LOOPBACK = "no vsock loopback transport (modprobe vsock_loopback)";
    private static final int PROBE_TIMEOUT_MILLIS = 2_000;

    private final SelectorProvider provider = HvSelectorProvider.provider();
    private String unavailableReason;
    private boolean probed;

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
    public synchronized String unavailableReason() {
        if (!probed) {
            unavailableReason = probeLoopback();
            probed = true;
        }
        if (unavailableReason != null && "1".equals(System.getenv(EXPECT_LOOPBACK_ENV))) {
            throw new AssertionError(EXPECT_LOOPBACK_ENV + "=1 but " + unavailableReason);
        }
        return unavailableReason;
    }

    /** Connects to CID 1 (and only there) on a listener bound to CID_ANY, within a short timeout. */
    private String probeLoopback() {
        try (ServerSocketChannel server = provider.openServerSocketChannel(family());
             SocketChannel client = provider.openSocketChannel(family())) {
            server.bind(newServerAddress());
            SocketAddress target = connectAddressFor(server.getLocalAddress());
            client.socket().connect(target, PROBE_TIMEOUT_MILLIS);
            server.accept().close();
            return null;
        } catch (IOException | RuntimeException e) {
            return NO_LOOPBACK + ": " + e;
        }
    }

    @Override
    public boolean backlogFullDefersConnect() {
        // vsock refuses (resets) a connect that finds the backlog full; nothing holds a connect pending
        return false;
    }

    @Override
    public double dataScale() {
        // vsock_loopback in the QEMU guest moves data about 20 times slower than AF_UNIX here
        return 1.0 / 16;
    }
}
