package dev.hvsock.frameworks;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.net.SocketAddress;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;

/**
 * Sends {@code total} random bytes as fast as the connection takes them, hashes what comes back, and
 * completes {@link #done} once all of it has returned (then closes).
 */
final class EchoClientHandler extends ChannelInboundHandlerAdapter {
    private static final int CHUNK = 64 * 1024;

    private final long total;
    private final RandomStream sent;
    private final MessageDigest receivedDigest = RandomStream.sha256();
    private final byte[] chunk = new byte[CHUNK];
    private long written;
    private volatile long received;

    /** Completes with the remote address once every byte came back, or fails with the reason it did not. */
    final CompletableFuture<SocketAddress> done = new CompletableFuture<>();
    volatile byte[] sentDigest;
    volatile byte[] echoedDigest;

    EchoClientHandler(long total, long seed) {
        this.total = total;
        this.sent = new RandomStream(seed);
    }

    /** Bytes that came back so far. */
    long received() {
        return received;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        writeWhileWritable(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writeWhileWritable(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    private void writeWhileWritable(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (written < total && ctx.channel().isWritable()) {
            int n = (int) Math.min(CHUNK, total - written);
            sent.next(chunk, n);
            ctx.write(ctx.alloc().buffer(n).writeBytes(chunk, 0, n), ctx.voidPromise());
            written += n;
            wrote = true;
        }
        if (written == total && sentDigest == null) {
            sentDigest = sent.digest();
        }
        if (wrote) {
            ctx.flush();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            received += in.readableBytes();
            receivedDigest.update(in.nioBuffer());
        } finally {
            in.release();
        }
        if (received > total) {
            done.completeExceptionally(new AssertionError(ctx.channel() + " got " + received + " bytes back, sent "
                    + total));
            ctx.close();
        } else if (received == total) {
            echoedDigest = receivedDigest.digest();
            done.complete(ctx.channel().remoteAddress());
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done.completeExceptionally(new AssertionError(ctx.channel() + " closed after " + received + " of " + total
                + " bytes came back"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        done.completeExceptionally(cause);
        ctx.close();
    }
}
