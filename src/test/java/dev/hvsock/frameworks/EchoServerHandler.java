package dev.hvsock.frameworks;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.Queue;

/**
 * Writes back whatever arrives. Reading pauses while the connection is not writable, so a fast sender
 * fills the socket buffers rather than the server's memory.
 */
@Sharable
final class EchoServerHandler extends ChannelInboundHandlerAdapter {
    private final Queue<Throwable> errors;

    EchoServerHandler(Queue<Throwable> errors) {
        this.errors = errors;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.write(msg, ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.add(new AssertionError("echo server " + ctx.channel() + ": " + cause, cause));
        ctx.close();
    }
}
