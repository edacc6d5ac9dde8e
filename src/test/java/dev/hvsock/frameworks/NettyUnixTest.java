package dev.hvsock.frameworks;

import dev.hvsock.testing.LinuxHostFeature;
import dev.hvsock.testing.LinuxHostTest;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.netty.HvNetty;
import dev.hvsock.sample.LineProtocolRecipes;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Netty suite over AF_UNIX through the library's {@link dev.hvsock.netty.HvNioServerChannel} and
 * {@link dev.hvsock.netty.HvNioSocketChannel}: the channel classes the vsock and Hyper-V suites use,
 * exercised here where no VM is needed.
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

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void recipeNettyServerAndClientOverUnix() throws Exception {
        Path socketFile = tempDir.resolve("hello.sock");
        assertEquals("HELLO, HVSOCK-NIO", LineProtocolRecipes.helloOverUnix(socketFile));
        assertFalse(Files.exists(socketFile), "the server channel deletes its socket file at close, as Netty's "
                + "NioServerDomainSocketChannel does");
    }

    @LinuxHostTest(LinuxHostFeature.LINUX_SOCKETS)
    @Test
    @Timeout(value = 60, unit = SECONDS)
    void aConnectToAFullBacklogFailsTheFutureInsteadOfSpinning() throws Exception {
        SocketAddress address = UnixDomainSocketAddress.of(tempDir.resolve("full.sock"));
        List<SocketChannel> queued = new ArrayList<>();
        try (ServerSocketChannel listener = HvSelectorProvider.provider()
                .openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            listener.bind(address, 1); // and never accepts
            boolean full = false;
            while (!full) {
                SocketChannel filler = HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX);
                queued.add(filler);
                filler.configureBlocking(false);
                try {
                    filler.connect(address);
                } catch (SocketException refused) {
                    full = true;
                }
            }
            EventLoopGroup group = newGroup("full-backlog", 1);
            long start = System.nanoTime();
            ChannelFuture connect = clientBootstrap(group).handler(new ChannelInboundHandlerAdapter()).connect(address);
            assertTrue(connect.await(10, SECONDS), "the connect future did not finish");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // until issue 12 the connect stayed pending: the event loop spun on OP_CONNECT, then Netty failed it
            assertFalse(connect.isSuccess());
            assertInstanceOf(SocketException.class, connect.cause());
            assertTrue(connect.cause().getMessage().contains("Resource temporarily unavailable"),
                    connect.cause().getMessage());
            assertTrue(millis < 5_000, "failed at once, not after a timeout: " + millis + " ms");
        } finally {
            for (SocketChannel c : queued) {
                c.close();
            }
        }
    }
}
