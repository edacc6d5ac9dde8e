package dev.hvsock.sample;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.VsockAddress;
import dev.hvsock.netty.HvNetty;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The line protocol ({@link UpperCaseLines}, {@link LineCollector}) served and used through Netty. */
public final class LineProtocolRecipes {
    private LineProtocolRecipes() {
    }

    // tag::netty-unix[]
    /** Serves the line protocol on {@code socketFile}, sends it one line and returns the reply. */
    public static String helloOverUnix(Path socketFile) throws InterruptedException {
        EventLoopGroup group = HvNetty.eventLoopGroup(0);
        try {
            // the server
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channelFactory(HvNetty.serverChannels(StandardProtocolFamily.UNIX))
                    .childHandler(new UpperCaseLines())
                    .bind(UnixDomainSocketAddress.of(socketFile))
                    .sync().channel();
            // a client
            LineCollector replies = new LineCollector();
            Channel client = new Bootstrap()
                    .group(group)
                    .channelFactory(HvNetty.clientChannels(StandardProtocolFamily.UNIX))
                    .handler(replies)
                    .connect(UnixDomainSocketAddress.of(socketFile))
                    .sync().channel();
            client.writeAndFlush("hello, hvsock-nio\n").sync();
            String reply = replies.lines.poll(10, TimeUnit.SECONDS);
            client.close().sync();
            server.close().sync(); // and the socket file is gone, as with Netty's own Unix channels
            return reply;
        } finally {
            group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).sync();
        }
    }
    // end::netty-unix[]

    // tag::netty-vsock[]
    /**
     * Serves the line protocol on vsock port {@code servicePort} (PORT_ANY: one the kernel picks), connects
     * to it through {@code peerCid}, sends one line and returns the reply.
     */
    public static String helloOverVsock(long servicePort, long peerCid) throws InterruptedException {
        EventLoopGroup group = HvNetty.eventLoopGroup(0);
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
}
