package dev.hvsock.frameworks;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

import java.lang.reflect.Method;
import java.nio.channels.SelectionKey;
import java.util.Map;

/**
 * What a test that waited in vain for a transfer prints: for each Netty channel, whether it is writable, how
 * many bytes wait in its outbound buffer, whether it reads automatically, and its selection key's interest and
 * ready sets; then the stacks of the event-loop threads. A stall seen once in a loaded {@code mvn verify} is
 * then explained by its own report, without a rerun.
 */
final class StallReport {
    private StallReport() {
    }

    static String of(Map<String, Channel> channels) {
        StringBuilder sb = new StringBuilder();
        channels.forEach((name, channel) -> sb.append(name).append(": ").append(describe(channel)).append('\n'));
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            String threadName = thread.getName();
            if (threadName.contains("eventloop") || threadName.contains("acceptor")) {
                sb.append('"').append(threadName).append("\" ").append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    sb.append("    at ").append(frame).append('\n');
                }
            }
        });
        return sb.toString();
    }

    private static String describe(Channel channel) {
        if (channel == null) {
            return "none";
        }
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return channel + " active=" + channel.isActive() + " writable=" + channel.isWritable()
                + " outboundBytes=" + (outbound == null ? "closed" : outbound.totalPendingWriteBytes())
                + " autoRead=" + channel.config().isAutoRead() + " key=" + key(channel);
    }

    /** The selection key's sets, through Netty's protected {@code AbstractNioChannel.selectionKey()}. */
    private static String key(Channel channel) {
        try {
            Method selectionKey = io.netty.channel.nio.AbstractNioChannel.class.getDeclaredMethod("selectionKey");
            selectionKey.setAccessible(true);
            SelectionKey key = (SelectionKey) selectionKey.invoke(channel);
            if (key == null) {
                return "none";
            }
            if (!key.isValid()) {
                return "cancelled";
            }
            return "interest=" + key.interestOps() + " ready=" + key.readyOps() + " " + key.channel();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }
}
