package dev.hvsock.netty;

import dev.hvsock.HvSelectorProvider;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioEventLoopGroup;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.spi.SelectorProvider;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Netty's NIO transport over hvsock-nio: event loops whose selectors come from
 * {@link HvSelectorProvider}, and the channels for {@code ServerBootstrap.channelFactory} and
 * {@code Bootstrap.channelFactory}, for any family (vsock, Hyper-V or Unix):
 * <pre>{@code
 * EventLoopGroup group = HvNetty.eventLoopGroup(0);
 * Channel server = new ServerBootstrap()
 *         .group(group)
 *         .channelFactory(HvNetty.serverChannels(HvProtocolFamily.VSOCK))
 *         .childHandler(...)
 *         .bind(VsockAddress.of(VsockAddress.CID_ANY, 5000))
 *         .sync().channel();
 * }</pre>
 *
 * <p>Initialize the channels with a {@code ChannelInitializer<Channel>} (or {@code <DuplexChannel>}), not the
 * {@code ChannelInitializer<SocketChannel>} of Netty's tutorials: Netty's {@code io.netty.channel.socket.SocketChannel}
 * is the interface of IP sockets (its addresses are {@code InetSocketAddress}es), which a vsock, Hyper-V or Unix
 * channel cannot implement, and the initializer's cast of each channel to its type argument fails with a
 * {@code ClassCastException} at the first connection.
 *
 * <p>On Netty 4.2 the group may also be its own kind,
 * {@code new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory(HvSelectorProvider.provider()))}: the
 * channels run on both.
 */
public final class HvNetty {
    private static final SelectorProvider PROVIDER = HvSelectorProvider.provider();

    private HvNetty() {
    }

    /**
     * An event loop group whose selectors come from hvsock-nio, on Netty 4.1 and 4.2 alike (Netty's
     * {@code NioEventLoopGroup} over {@link HvSelectorProvider}).
     *
     * @param threads how many event loops; 0 for Netty's default (twice the number of processors)
     * @return the group, to be shut down by the caller
     */
    public static EventLoopGroup eventLoopGroup(int threads) {
        return new NioEventLoopGroup(threads, (Executor) null, PROVIDER);
    }

    /**
     * An event loop group whose selectors come from hvsock-nio, its threads made by {@code threadFactory}.
     *
     * @param threads how many event loops; 0 for Netty's default (twice the number of processors)
     * @param threadFactory makes the event loops' threads
     * @return the group, to be shut down by the caller
     */
    public static EventLoopGroup eventLoopGroup(int threads, ThreadFactory threadFactory) {
        Objects.requireNonNull(threadFactory, "threadFactory");
        return new NioEventLoopGroup(threads, threadFactory, PROVIDER);
    }

    /**
     * Listeners of {@code family}, for {@code ServerBootstrap.channelFactory}; the connections they accept
     * are {@link HvNioSocketChannel}s.
     *
     * @param family {@link dev.hvsock.HvProtocolFamily#VSOCK}, {@link dev.hvsock.HvProtocolFamily#HYPERV}
     *               or {@link java.net.StandardProtocolFamily#UNIX}
     * @return a factory of {@link HvNioServerChannel}s; each failure to open one is a {@link ChannelException}
     */
    public static ChannelFactory<ServerChannel> serverChannels(ProtocolFamily family) {
        Objects.requireNonNull(family, "family");
        return () -> {
            try {
                return new HvNioServerChannel(PROVIDER.openServerSocketChannel(family));
            } catch (IOException e) {
                throw new ChannelException("cannot open a " + family + " listener", e);
            }
        };
    }

    /**
     * Client sockets of {@code family}, for {@code Bootstrap.channelFactory}.
     *
     * @param family {@link dev.hvsock.HvProtocolFamily#VSOCK}, {@link dev.hvsock.HvProtocolFamily#HYPERV}
     *               or {@link java.net.StandardProtocolFamily#UNIX}
     * @return a factory of {@link HvNioSocketChannel}s; each failure to open one is a {@link ChannelException}
     */
    public static ChannelFactory<Channel> clientChannels(ProtocolFamily family) {
        Objects.requireNonNull(family, "family");
        return () -> {
            try {
                return new HvNioSocketChannel(PROVIDER.openSocketChannel(family));
            } catch (IOException e) {
                throw new ChannelException("cannot open a " + family + " socket", e);
            }
        };
    }
}
