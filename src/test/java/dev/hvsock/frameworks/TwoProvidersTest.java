package dev.hvsock.frameworks;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.netty.HvNetty;
import dev.hvsock.testing.NettyTest;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One selector serves one provider's channels, by NIO's design: hvsock-nio channels and the JDK's TCP
 * channels never share a selector (or a Netty event loop). An application that needs both runs two.
 */
@NettyTest
@Timeout(value = 60, unit = SECONDS)
class TwoProvidersTest {
    @TempDir
    Path tempDir;

    private final List<EventLoopGroup> groups = new ArrayList<>();
    private NettyWarnings warnings;

    @BeforeEach
    void collectNettyWarnings() {
        warnings = NettyWarnings.install();
    }

    @AfterEach
    void shutDown() throws InterruptedException {
        for (EventLoopGroup group : groups) {
            assertTrue(group.shutdownGracefully(0, 5, SECONDS).await(30, SECONDS), "group terminated");
        }
        assertEquals(List.of(), warnings.uninstall(), "Netty logged warnings");
    }

    @Test
    void aSelectorRefusesTheOtherProvidersChannels() throws Exception {
        try (Selector jdkSelector = Selector.open();
             SocketChannel hv = HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX)) {
            hv.configureBlocking(false);
            assertThrows(IllegalSelectorException.class, () -> hv.register(jdkSelector, SelectionKey.OP_READ));
        }
        try (Selector hvSelector = HvSelectorProvider.provider().openSelector();
             SocketChannel tcp = SocketChannel.open()) {
            tcp.configureBlocking(false);
            assertThrows(IllegalSelectorException.class, () -> tcp.register(hvSelector, SelectionKey.OP_READ));
        }
    }

    @Test
    void nettyRefusesAJdkChannelOnAnHvsockEventLoop() throws Exception {
        EventLoopGroup hvGroup = HvNetty.eventLoopGroup(1);
        groups.add(hvGroup);
        ChannelFuture bound = new ServerBootstrap().group(hvGroup)
                .channel(NioServerSocketChannel.class) // the JDK's TCP channel, from the default provider
                .childHandler(new EchoServerHandler(new ConcurrentLinkedQueue<>()))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        assertTrue(bound.await(30, SECONDS));
        assertFalse(bound.isSuccess(), "registration must fail");
        assertInstanceOf(IllegalSelectorException.class, bound.cause());
        assertFalse(bound.channel().isOpen());
    }

    @Test
    void tcpClientsReachAnHvsockServiceThroughTwoEventLoopGroups() throws Exception {
        ProtocolFamily family = StandardProtocolFamily.UNIX;
        SocketAddress service = UnixDomainSocketAddress.of(tempDir.resolve("service.sock"));
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();

        // tag::netty-two-groups[]
        EventLoopGroup tcpGroup = new NioEventLoopGroup(); // the JDK's channels
        EventLoopGroup hvGroup = HvNetty.eventLoopGroup(0); // hvsock-nio's
        Channel relay = new ServerBootstrap()
                .group(tcpGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new TcpToHvsockRelay(hvGroup, family, service))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync().channel();
        // end::netty-two-groups[]
        groups.add(tcpGroup);
        groups.add(hvGroup);

        // the hvsock-nio service behind the relay
        CompletableFuture<Channel> serviceConnection = new CompletableFuture<>();
        Channel serviceListener = new ServerBootstrap().group(hvGroup).channelFactory(HvNetty.serverChannels(family))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        serviceConnection.complete(ch);
                        ch.pipeline().addLast(new EchoServerHandler(errors));
                    }
                })
                .bind(service).sync().channel();

        byte[] data = new byte[1024 * 1024];
        new SplittableRandom(5).nextBytes(data);
        try (Socket tcp = new Socket()) {
            tcp.connect(relay.localAddress(), 10_000);
            tcp.setSoTimeout(30_000);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = tcp.getOutputStream();
                    out.write(data);
                    out.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            InputStream in = tcp.getInputStream();
            byte[] back = in.readNBytes(data.length);
            sent.get(30, SECONDS);
            assertArrayEquals(RandomStream.sha256(data), RandomStream.sha256(back));
        }
        // the relay passes our close on to the service; only then is there no work left for the groups
        assertTrue(serviceConnection.get(30, SECONDS).closeFuture().await(30, SECONDS), "the service saw EOF");
        relay.close().sync();
        serviceListener.close().sync();
        assertEquals(List.of(), List.copyOf(errors));
    }
}
