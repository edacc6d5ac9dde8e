package dev.hvsock.frameworks;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.VsockAddress;
import dev.hvsock.testing.VsockTest;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Netty suite over AF_VSOCK, through the vsock loopback (CID 1, and only CID 1). Runs in the QEMU guest
 * harness (src/test/vm); elsewhere it skips, saying why.
 */
@VsockTest
class NettyVsockTest extends NettyTransportTest {
    @Override
    ChannelFactory<? extends ServerChannel> serverChannels() {
        return HvNetty.serverChannels(HvProtocolFamily.VSOCK);
    }

    @Override
    ChannelFactory<? extends Channel> clientChannels() {
        return HvNetty.clientChannels(HvProtocolFamily.VSOCK);
    }

    @Override
    SocketAddress listenAddress() {
        return VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY);
    }

    @Override
    SocketAddress connectAddress(SocketAddress listening) {
        return VsockAddress.of(VsockAddress.CID_LOCAL, ((VsockAddress) listening).port());
    }

    @Override
    Class<? extends SocketAddress> addressType() {
        return VsockAddress.class;
    }

    // The guest harness emulates its CPU (QEMU TCG, a qemu64 CPU without SHA or AVX) where the host has no
    // usable KVM, and runs the JVM with C1 only: megabytes there take as long as gigabytes natively. The same
    // 200 concurrent clients, then, with less data each.

    @Override
    int echoBytesPerClient() {
        return 64 * 1024;
    }

    @Override
    int frameLimit() {
        return 128 * 1024;
    }

    @Override
    int largestRandomFrame() {
        return 4 * 1024;
    }

    // tag::netty-vsock[]
    /**
     * Serves the line protocol on vsock port {@code servicePort} (PORT_ANY: one the kernel picks), connects
     * to it through {@code peerCid}, sends one line and returns the reply.
     */
    static String helloOverVsock(long servicePort, long peerCid) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(HvNetty.ioHandlerFactory());
        try {
            // the server, in the guest: any CID, the service's port
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channelFactory(HvNetty.serverChannels(HvProtocolFamily.VSOCK))
                    .childHandler(new UpperCaseLines())
                    .bind(VsockAddress.of(VsockAddress.CID_ANY, servicePort))
                    .sync().channel();
            long port = ((VsockAddress) server.localAddress()).port();
            // a client: the peer's CID and the service's port
            LineCollector replies = new LineCollector();
            Channel client = new Bootstrap()
                    .group(group)
                    .channelFactory(HvNetty.clientChannels(HvProtocolFamily.VSOCK))
                    .handler(replies)
                    .connect(VsockAddress.of(peerCid, port))
                    .sync().channel();
            client.writeAndFlush("hello over vsock\n").sync();
            String reply = replies.lines.poll(10, TimeUnit.SECONDS);
            client.close().sync();
            server.close().sync();
            return reply;
        } finally {
            group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).sync();
        }
    }
    // end::netty-vsock[]

    @Test
    @Timeout(value = 120, unit = SECONDS)
    void recipeNettyServerAndClientOverVsock() throws Exception {
        // the loopback CID only: tests never connect anywhere else
        assertEquals("HELLO OVER VSOCK", helloOverVsock(VsockAddress.PORT_ANY, VsockAddress.CID_LOCAL));
    }
}
