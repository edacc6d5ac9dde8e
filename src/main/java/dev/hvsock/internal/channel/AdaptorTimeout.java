package dev.hvsock.internal.channel;

import java.net.SocketException;
import java.nio.channels.Channel;
import java.util.concurrent.TimeUnit;

/**
 * A socket adaptor's {@code SO_TIMEOUT}: how long its blocking reads (a {@link java.net.Socket}) or
 * accepts (a {@link java.net.ServerSocket}) wait, 0 for no limit. The channel itself has none.
 */
final class AdaptorTimeout {
    private final Channel channel;
    private volatile int millis;

    AdaptorTimeout(Channel channel) {
        this.channel = channel;
    }

    /** As {@code setSoTimeout}: a closed channel is a {@link SocketException}, a negative timeout illegal. */
    void set(int timeoutMillis) throws SocketException {
        ensureOpen();
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        millis = timeoutMillis;
    }

    /** As {@code getSoTimeout}. */
    int get() throws SocketException {
        ensureOpen();
        return millis;
    }

    /** The timeout in nanoseconds, 0 for none, as the channels' blocking operations take it. */
    long nanos() {
        int t = millis;
        return t > 0 ? TimeUnit.MILLISECONDS.toNanos(t) : 0;
    }

    private void ensureOpen() throws SocketException {
        if (!channel.isOpen()) {
            throw new SocketException("Socket is closed");
        }
    }
}
