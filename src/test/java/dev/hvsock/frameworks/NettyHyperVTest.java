package dev.hvsock.frameworks;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.netty.HvNetty;
import dev.hvsock.testing.HyperVCapability;
import dev.hvsock.testing.HyperVTest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;

import java.net.SocketAddress;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Netty suite over AF_HYPERV on Windows, through the loopback partition
 * ({@link HvSocketAddress#LOOPBACK}) and a fresh vsock-template service id per test.
 */
@HyperVTest(HyperVCapability.LOOPBACK_LISTENER)
class NettyHyperVTest extends NettyTransportTest {
    // a vsock-template id on loopback needs no registration (go-winio's hvsock_test.go listens on such)
    private final UUID serviceId = HvSocketAddress.vsockServiceId(
            ThreadLocalRandom.current().nextLong(HvSocketAddress.MAX_VSOCK_PORT + 1));

    @Override
    ChannelFactory<? extends ServerChannel> serverChannels() {
        return HvNetty.serverChannels(HvProtocolFamily.HYPERV);
    }

    @Override
    ChannelFactory<? extends Channel> clientChannels() {
        return HvNetty.clientChannels(HvProtocolFamily.HYPERV);
    }

    @Override
    SocketAddress listenAddress() {
        return HvSocketAddress.of(HvSocketAddress.LOOPBACK, serviceId);
    }

    @Override
    SocketAddress connectAddress(SocketAddress listening) {
        return HvSocketAddress.of(HvSocketAddress.LOOPBACK, serviceId);
    }

    @Override
    Class<? extends SocketAddress> addressType() {
        return HvSocketAddress.class;
    }
}
