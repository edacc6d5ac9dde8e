package dev.hvsock.frameworks;

// tag::netty-factories[]
import dev.hvsock.HvSelectorProvider;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.spi.SelectorProvider;

/** Netty's NIO transport over hvsock-nio, for any family: vsock, Hyper-V or Unix. */
public final class HvNetty {
    private static final SelectorProvider PROVIDER = HvSelectorProvider.provider();

    private HvNetty() {
    }

    /** Event loops whose selectors come from hvsock-nio: {@code new MultiThreadIoEventLoopGroup(n, this)}. */
    public static IoHandlerFactory ioHandlerFactory() {
        return NioIoHandler.newFactory(PROVIDER);
    }

    /** For {@code ServerBootstrap.channelFactory}: listeners of {@code family}. */
    public static ChannelFactory<ServerChannel> serverChannels(ProtocolFamily family) {
        return () -> {
            try {
                return new HvNioServerChannel(PROVIDER.openServerSocketChannel(family));
            } catch (IOException e) {
                throw new ChannelException("cannot open a " + family + " listener", e);
            }
        };
    }

    /** For {@code Bootstrap.channelFactory}: client sockets of {@code family}. */
    public static ChannelFactory<Channel> clientChannels(ProtocolFamily family) {
        return () -> {
            try {
                return new HvNioSocketChannel(PROVIDER.openSocketChannel(family));
            } catch (IOException e) {
                throw new ChannelException("cannot open a " + family + " socket", e);
            }
        };
    }
}
// end::netty-factories[]
