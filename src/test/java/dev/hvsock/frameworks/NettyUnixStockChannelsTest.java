package dev.hvsock.frameworks;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.netty.HvNetty;
import dev.hvsock.sample.LineCollector;
import dev.hvsock.sample.UpperCaseLines;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Netty suite over AF_UNIX with Netty's own channel classes, {@link NioServerDomainSocketChannel} and
 * {@link NioDomainSocketChannel}, opened from hvsock-nio's provider: Netty with no code of ours but the
 * provider.
 */
class NettyUnixStockChannelsTest extends NettyTransportTest {
    private static final SelectorProvider PROVIDER = HvSelectorProvider.provider();

    @Override
    ChannelFactory<? extends ServerChannel> serverChannels() {
        return () -> new NioServerDomainSocketChannel(PROVIDER);
    }

    @Override
    ChannelFactory<? extends Channel> clientChannels() {
        return () -> new NioDomainSocketChannel(PROVIDER);
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

    @Override
    String halfClosureUnsupported() {
        return "Netty's NioDomainSocketChannel (4.1 and 4.2) ignores ALLOW_HALF_CLOSURE over any provider, the "
                + "JDK's own included (see stockDomainChannelsBehaveAlikeOverBothProviders); NettyUnixTest covers "
                + "half-closure with HvNioSocketChannel";
    }

    @Override
    String refusesFrameworkDefaultOptions() {
        return "Netty's NioDomainSocketChannel refuses SO_KEEPALIVE, TCP_NODELAY and the like, and Netty warns "
                + "(over the JDK's own Unix channels just the same); HvNioSocketChannel accepts them";
    }

    @Test
    void nettysSelectedKeySetOptimisationSkipsHvSelector() throws Exception {
        // Netty (4.1's NioEventLoop.openSelector, 4.2's NioIoHandler.openSelector) instruments only selectors
        // that are sun.nio.ch.SelectorImpl; any other is used through the plain Selector API (selectedKeys()
        // and its iterator).
        Class<?> jdkSelectorImpl = Class.forName("sun.nio.ch.SelectorImpl", false,
                ClassLoader.getSystemClassLoader());
        try (Selector selector = PROVIDER.openSelector()) {
            assertFalse(jdkSelectorImpl.isAssignableFrom(selector.getClass()),
                    selector.getClass() + " must not look like the JDK's selector to Netty");
        }
    }

    // tag::netty-unix-stock[]
    /** Serves the line protocol on {@code socketFile}, sends it one line and returns the reply. */
    static String helloWithNettysUnixChannels(Path socketFile) throws InterruptedException {
        SelectorProvider provider = HvSelectorProvider.provider();
        EventLoopGroup group = HvNetty.eventLoopGroup(0);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channelFactory(() -> new NioServerDomainSocketChannel(provider))
                    .childHandler(new UpperCaseLines())
                    .bind(UnixDomainSocketAddress.of(socketFile))
                    .sync().channel();
            LineCollector replies = new LineCollector();
            Channel client = new Bootstrap()
                    .group(group)
                    .channelFactory(() -> new NioDomainSocketChannel(provider))
                    .handler(replies)
                    .connect(UnixDomainSocketAddress.of(socketFile))
                    .sync().channel();
            client.writeAndFlush("hello, hvsock-nio\n").sync();
            String reply = replies.lines.poll(10, TimeUnit.SECONDS);
            client.close().sync();
            server.close().sync();
            return reply;
        } finally {
            group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).sync();
        }
    }
    // end::netty-unix-stock[]

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void recipeNettyServerAndClientOverUnix() throws Exception {
        assertEquals("HELLO, HVSOCK-NIO", helloWithNettysUnixChannels(tempDir.resolve("hello.sock")));
    }

    /** What the half-closure scenario did: whether the server saw its input end, and what the client got. */
    private record HalfCloseOutcome(boolean serverSawInputShutdown, String clientGot) {
    }

    private HalfCloseOutcome halfCloseWithStockChannels(SelectorProvider provider, Path socketFile)
            throws Exception {
        // any provider's: NioEventLoopGroup, which both lines have (4.2 deprecates it for its own
        // MultiThreadIoEventLoopGroup, which 4.1 lacks)
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("stock-halfclose", true), provider);
        try {
            ReplyAfterInputShutdown server = new ReplyAfterInputShutdown();
            ChannelFuture bound = new ServerBootstrap().group(group)
                    .channelFactory(() -> new NioServerDomainSocketChannel(provider))
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(server)
                    .bind(UnixDomainSocketAddress.of(socketFile));
            await(bound, "bind");
            byte[] payload = new byte[4096];
            new SplittableRandom(9).nextBytes(payload);
            SendThenShutdownOutput client = new SendThenShutdownOutput(payload);
            await(new Bootstrap().group(group)
                    .channelFactory(() -> new NioDomainSocketChannel(provider))
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(client)
                    .connect(UnixDomainSocketAddress.of(socketFile)), "connect");
            String got;
            try {
                got = client.replyAtEof.get(30, SECONDS);
            } catch (ExecutionException e) {
                got = "failed: " + e.getCause().getMessage();
            } catch (TimeoutException e) {
                got = "no outcome in 30 s";
            }
            bound.channel().close().sync();
            return new HalfCloseOutcome(server.inputShutdownSeen, got);
        } finally {
            assertTrue(group.shutdownGracefully(0, 5, SECONDS).await(30, SECONDS), "group terminated");
        }
    }

    @Test
    @Timeout(value = 120, unit = SECONDS)
    void stockDomainChannelsBehaveAlikeOverBothProviders() throws Exception {
        drainNettyWarnings();
        HalfCloseOutcome jdk = halfCloseWithStockChannels(SelectorProvider.provider(), tempDir.resolve("jdk.sock"));
        List<String> loggedForJdk = drainNettyWarnings();
        HalfCloseOutcome hv = halfCloseWithStockChannels(PROVIDER, tempDir.resolve("hv.sock"));
        List<String> loggedForHv = drainNettyWarnings();

        System.out.println("[frameworks] stock NioDomainSocketChannel with ALLOW_HALF_CLOSURE: JDK provider " + jdk
                + ", hvsock-nio " + hv + "; Netty logged " + loggedForHv);
        assertEquals(jdk, hv, "the same Netty channels over the JDK's Unix channels and over hvsock-nio's");
        assertEquals(loggedForJdk.size(), loggedForHv.size(), "Netty warnings: JDK " + loggedForJdk
                + ", hvsock-nio " + loggedForHv);
    }
}
