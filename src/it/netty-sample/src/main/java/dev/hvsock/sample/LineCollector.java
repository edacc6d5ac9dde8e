package dev.hvsock.sample;

// tag::netty-line-client-handler[]
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The client side of the line protocol: the lines that arrive are queued in {@link #lines}. */
public final class LineCollector extends ChannelInitializer<Channel> {
    public final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast(
                new LineBasedFrameDecoder(8192),
                new StringDecoder(StandardCharsets.UTF_8),
                new StringEncoder(StandardCharsets.UTF_8),
                new SimpleChannelInboundHandler<String>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, String line) {
                        lines.add(line);
                    }
                });
    }
}
// end::netty-line-client-handler[]
