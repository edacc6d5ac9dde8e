package dev.hvsock.frameworks;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.netty.HvNetty;
import dev.hvsock.testing.NettyTest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code shutdownOutput()} on an {@link dev.hvsock.netty.HvNioSocketChannel} with writes still pending: Netty
 * fails those writes, but its {@code AbstractNioByteChannel} clears {@code OP_WRITE} only once its outbound
 * buffer drains, which after the shutdown it never does (Netty's own TCP channels do the same). Once the
 * socket has room again, every select returned at once for {@code OP_WRITE}, and the event loop spun.
 */
@NettyTest
class NettyShutdownOutputTest {
    /** More than the socket buffers of both ends hold, so that part of the write is still pending. */
    private static final int LARGER_THAN_THE_SOCKET_BUFFERS = 16 << 20;

    @TempDir
    Path tempDir;

    private NettyWarnings warnings;

    @BeforeEach
    void collectNettyWarnings() {
        warnings = NettyWarnings.install();
    }

    @AfterEach
    void noWarnings() {
        assertEquals(List.of(), warnings.uninstall(), "Netty logged warnings");
    }

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void shutdownOutputWithWritesPendingLeavesTheEventLoopIdle() throws Exception {
        AtomicLong iterations = new AtomicLong();
        // one call of calculateStrategy per turn of the event loop, on Netty 4.1 and 4.2 alike
        SelectStrategy counting = (selectNow, hasTasks) -> {
            iterations.incrementAndGet();
            return DefaultSelectStrategyFactory.INSTANCE.newSelectStrategy().calculateStrategy(selectNow, hasTasks);
        };
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("shutdown-output", true),
                HvSelectorProvider.provider(), () -> counting);
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(tempDir.resolve("peer.sock"));
        try (ServerSocketChannel listener = HvSelectorProvider.provider()
                .openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            listener.bind(address);
            ChannelFuture connected = new Bootstrap()
                    .group(group)
                    .channelFactory(HvNetty.clientChannels(StandardProtocolFamily.UNIX))
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(address);
            try (SocketChannel peer = listener.accept()) { // reads nothing yet: the client's write stays pending
                assertTrue(connected.await(10, SECONDS) && connected.isSuccess(), "connect: " + connected.cause());
                DuplexChannel client = (DuplexChannel) connected.channel();
                ChannelFuture written = client.writeAndFlush(Unpooled.wrappedBuffer(
                        new byte[LARGER_THAN_THE_SOCKET_BUFFERS]));
                client.eventLoop().submit(() -> null).get(10, SECONDS); // the flush ran: part of it is pending
                assertFalse(written.isDone(), "the write should wait for the peer");
                assertTrue(client.shutdownOutput().await(10, SECONDS), "shutdownOutput did not finish");
                assertTrue(written.await(10, SECONDS) && !written.isSuccess(), "the pending write fails");

                // the peer takes what was sent: the socket has room again, for a writer that has none left
                ByteBuffer sink = ByteBuffer.allocate(1 << 16);
                long received = 0;
                int read;
                while ((read = peer.read(sink.clear())) >= 0) {
                    received += read;
                }
                assertTrue(received > 0 && received < LARGER_THAN_THE_SOCKET_BUFFERS, received + " bytes arrived");

                long before = iterations.get();
                Thread.sleep(500);
                long turns = iterations.get() - before;
                // idle, the loop turns a few times (its timers); before the fix it turned as fast as it could,
                // hundreds of thousands of times in these 500 ms
                assertTrue(turns < 100, "the event loop turned " + turns + " times in 500 ms with nothing to do");
                assertTrue(client.isOpen(), "half-closure keeps the channel open");
                client.close().await(10, SECONDS);
            }
        } finally {
            group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).await(30, SECONDS);
        }
    }

    // tag::netty-send-then-shut-down-output[]
    /** Sends {@code data}, then half-closes: the peer reads it all, then EOF; replies can still arrive. */
    static ChannelFuture sendThenShutdownOutput(DuplexChannel channel, ByteBuf data) {
        ChannelPromise done = channel.newPromise();
        channel.writeAndFlush(data).addListener(written -> {
            if (written.isSuccess()) {
                channel.shutdownOutput(done); // only once the last byte is written
            } else {
                done.setFailure(written.cause());
            }
        });
        return done;
    }
    // end::netty-send-then-shut-down-output[]

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void recipeSendThenShutdownOutputDeliversEverythingThenEof() throws Exception {
        EventLoopGroup group = HvNetty.eventLoopGroup(1, new DefaultThreadFactory("send-then-shutdown", true));
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(tempDir.resolve("recipe.sock"));
        try (ServerSocketChannel listener = HvSelectorProvider.provider()
                .openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            listener.bind(address);
            ChannelFuture connected = new Bootstrap()
                    .group(group)
                    .channelFactory(HvNetty.clientChannels(StandardProtocolFamily.UNIX))
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(address);
            try (SocketChannel peer = listener.accept()) {
                assertTrue(connected.await(10, SECONDS) && connected.isSuccess(), "connect: " + connected.cause());
                DuplexChannel client = (DuplexChannel) connected.channel();
                ChannelFuture shutDown = sendThenShutdownOutput(client,
                        Unpooled.wrappedBuffer(new byte[LARGER_THAN_THE_SOCKET_BUFFERS]));
                ByteBuffer sink = ByteBuffer.allocate(1 << 16);
                long received = 0;
                int read;
                while ((read = peer.read(sink.clear())) >= 0) { // until the EOF the shutdown sends
                    received += read;
                }
                assertEquals(LARGER_THAN_THE_SOCKET_BUFFERS, received, "every byte, then EOF");
                assertTrue(shutDown.await(10, SECONDS) && shutDown.isSuccess(), "shutdown: " + shutDown.cause());
                assertTrue(client.isOutputShutdown() && client.isOpen());
                client.close().await(10, SECONDS);
            }
        } finally {
            group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).await(30, SECONDS);
        }
    }
}
