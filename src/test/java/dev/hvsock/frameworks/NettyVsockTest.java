package dev.hvsock.frameworks;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.VsockAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.net.SocketAddress;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Netty suite over AF_VSOCK, through the vsock loopback (CID 1, and only CID 1). Runs in the QEMU guest
 * harness (src/test/vm); elsewhere it skips, saying why.
 */
@Tag("vsock")
@EnabledOnOs(value = OS.LINUX, disabledReason = "AF_VSOCK is Linux's; Windows has AF_HYPERV (NettyHyperVTest)")
class NettyVsockTest extends NettyTransportTest {
    @BeforeEach
    void needsVsockLoopback() {
        VsockLoopback.assumeAvailable();
    }

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

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void recipeNettyServerAndClientOverVsock() throws Exception {
        long servicePort = VsockAddress.PORT_ANY; // a real service has a fixed port its clients know
        long peerCid = VsockAddress.CID_LOCAL; // a guest's client would use VsockAddress.CID_HOST
        // tag::netty-vsock-server[]
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(HvNetty.ioHandlerFactory());
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channelFactory(HvNetty.serverChannels(HvProtocolFamily.VSOCK))
                    .childHandler(new UpperCaseLines())
                    .bind(VsockAddress.of(VsockAddress.CID_ANY, servicePort))
                    .sync().channel();
            long port = ((VsockAddress) server.localAddress()).port();
            // end::netty-vsock-server[]
            // tag::netty-vsock-client[]
            LineCollector replies = new LineCollector();
            Channel client = new Bootstrap()
                    .group(group)
                    .channelFactory(HvNetty.clientChannels(HvProtocolFamily.VSOCK))
                    .handler(replies)
                    .connect(VsockAddress.of(peerCid, port))
                    .sync().channel();
            client.writeAndFlush("hello over vsock\n").sync();
            String reply = replies.lines.poll(10, SECONDS);
            // end::netty-vsock-client[]
            assertEquals("HELLO OVER VSOCK", reply);
            client.close().sync();
            server.close().sync();
        } finally {
            assertTrue(group.shutdownGracefully(0, 5, SECONDS).await(30, SECONDS), "group terminated");
        }
    }
}
