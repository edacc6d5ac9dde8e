package dev.hvsock.frameworks;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;

import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;

/**
 * The Netty suite over AF_UNIX through {@link HvNioServerChannel} and {@link HvNioSocketChannel}: the
 * channel classes the vsock and Hyper-V suites use, exercised here where no VM is needed.
 */
class NettyUnixTest extends NettyTransportTest {
    @Override
    ChannelFactory<? extends ServerChannel> serverChannels() {
        return HvNetty.serverChannels(StandardProtocolFamily.UNIX);
    }

    @Override
    ChannelFactory<? extends Channel> clientChannels() {
        return HvNetty.clientChannels(StandardProtocolFamily.UNIX);
    }

    @Override
    SocketAddress listenAddress() {
        return UnixDomainSocketAddress.of(tempDir.resolve("netty.sock"));
    }

    @Override
    SocketAddress connectAddress(SocketAddress listening) {
        return listening;
    }

    @Override
    Class<? extends SocketAddress> addressType() {
        return UnixDomainSocketAddress.class;
    }
}
