package dev.hvsock.modapp;

import dev.hvsock.netty.HvNetty;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Echoes one line over a Unix socket through hvsock-nio's Netty channels, then says which modules the
 * classes came from: {@code ModuleEcho SOCKET-FILE}.
 */
public final class ModuleEcho {
    private ModuleEcho() {
    }

    /** Sends back whatever arrives. */
    @Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    /** Completes {@link #reply} with what arrives up to the first line end. */
    private static final class Reply extends ChannelInboundHandlerAdapter {
        final CompletableFuture<String> reply = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                text.append(in.toString(StandardCharsets.UTF_8));
            } finally {
                in.release();
            }
            int end = text.indexOf("\n");
            if (end >= 0) {
                reply.complete(text.substring(0, end));
            }
        }
    }

    public static void main(String[] args) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(Path.of(args[0]));
        EventLoopGroup group = HvNetty.eventLoopGroup(1);
        try {
            Channel server = new ServerBootstrap().group(group)
                    .channelFactory(HvNetty.serverChannels(StandardProtocolFamily.UNIX))
                    .childHandler(new Echo())
                    .bind(address).sync().channel();
            Reply reply = new Reply();
            Channel client = new Bootstrap().group(group)
                    .channelFactory(HvNetty.clientChannels(StandardProtocolFamily.UNIX))
                    .handler(reply)
                    .connect(address).sync().channel();
            client.writeAndFlush(Unpooled.copiedBuffer("ping\n", StandardCharsets.UTF_8)).sync();
            System.out.println("echo: " + reply.reply.get(10, TimeUnit.SECONDS));
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).sync();
        }
        System.out.println("modules: " + module(HvNetty.class) + ", " + module(Channel.class) + ", "
                + module(ModuleEcho.class));
    }

    private static String module(Class<?> type) {
        Module module = type.getModule();
        return type.getSimpleName() + " in " + (module.isNamed() ? module.getName() : "the unnamed module");
    }
}
