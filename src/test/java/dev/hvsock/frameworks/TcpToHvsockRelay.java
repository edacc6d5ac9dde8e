package dev.hvsock.frameworks;

// tag::netty-relay[]
import dev.hvsock.netty.HvNetty;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

import java.net.ProtocolFamily;
import java.net.SocketAddress;

/**
 * Relays each connection accepted on a JDK (TCP) event loop group to an hvsock-nio service, through a
 * second group whose selectors come from hvsock-nio. Use it with {@code childOption(AUTO_READ, false)}.
 */
public final class TcpToHvsockRelay extends ChannelInitializer<Channel> {
    private final EventLoopGroup hvGroup;
    private final ProtocolFamily family;
    private final SocketAddress service;

    public TcpToHvsockRelay(EventLoopGroup hvGroup, ProtocolFamily family, SocketAddress service) {
        this.hvGroup = hvGroup;
        this.family = family;
        this.service = service;
    }

    @Override
    protected void initChannel(Channel tcp) {
        ChannelFuture connected = new Bootstrap()
                .group(hvGroup)
                .channelFactory(HvNetty.clientChannels(family))
                .option(ChannelOption.AUTO_READ, false)
                .handler(new Forward(tcp))
                .connect(service);
        Channel hv = connected.channel();
        tcp.pipeline().addLast(new Forward(hv));
        connected.addListener(f -> {
            if (f.isSuccess()) {
                tcp.read();
                hv.read();
            } else {
                tcp.close();
            }
        });
    }

    /** Writes what its channel reads to {@code target}, reading more once the write is done. */
    private static final class Forward extends ChannelInboundHandlerAdapter {
        private final Channel target;

        Forward(Channel target) {
            this.target = target;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            target.writeAndFlush(msg).addListener(written -> {
                if (written.isSuccess()) {
                    ctx.read();
                } else {
                    ctx.close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (target.isActive()) { // close the other side once what it was sent is flushed
                target.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
// end::netty-relay[]
