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

/**
 * The Netty suite over AF_HYPERV on Windows, through the loopback partition
 * ({@link HvSocketAddress#LOOPBACK}) and a fresh service id per test.
 */
@HyperVTest(HyperVCapability.LOOPBACK_LISTENER)
class NettyHyperVTest extends NettyTransportTest {
    private final UUID serviceId = UUID.randomUUID();

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
