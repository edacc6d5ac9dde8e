package dev.hvsock.internal.channel;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The JFR events of the channels ({@code dev.hvsock.SocketRead}, {@code SocketWrite}, {@code SocketConnect},
 * {@code SocketAccept}), as the JDK's {@code SocketChannelImpl} emits {@code jdk.SocketRead} and
 * {@code jdk.SocketWrite}: an operation asks {@code ...Enabled()} first and, when it is not, runs as if there
 * were no events at all; only then does it time itself and offer the event, which JFR writes if the
 * operation took at least the event's threshold.
 *
 * <p>The module requires {@code jdk.jfr} only statically, so that a runtime without it (a jlinked image, or
 * {@code --limit-modules}) still runs the library: the event classes extend {@code jdk.jfr.Event} and are
 * loaded only once {@link #JFR} says the module is there and readable. Nothing else here names them in a
 * signature (an event in flight is an {@code Object}), so loading and verifying this class never loads
 * them.
 *
 * <p>Disabled, an operation costs a constant check: {@link #JFR} is a constant, and an event class's
 * {@code isEnabled()} answers {@code false} until a recording that enables it starts (JFR rewrites the
 * class then). Nothing is allocated unless the event is enabled.
 */
final class ChannelEvents {
    /** Whether {@code jdk.jfr} is in the runtime and this module reads it (always, on the class path). */
    private static final boolean JFR = ModuleLayer.boot().findModule("jdk.jfr")
            .map(ChannelEvents.class.getModule()::canRead).orElse(false);

    private ChannelEvents() {
    }

    /** One instance of each event, never committed, to ask whether its type is enabled without allocating. */
    private static final class Probes {
        static final SocketReadEvent READ = new SocketReadEvent();
        static final SocketWriteEvent WRITE = new SocketWriteEvent();
        static final SocketConnectEvent CONNECT = new SocketConnectEvent();
        static final SocketAcceptEvent ACCEPT = new SocketAcceptEvent();
    }

    /** A connect, run by {@link #connect}. */
    @FunctionalInterface
    interface Connect {
        boolean run() throws IOException;
    }

    static boolean readEnabled() {
        return JFR && Probes.READ.isEnabled();
    }

    static boolean writeEnabled() {
        return JFR && Probes.WRITE.isEnabled();
    }

    static boolean connectEnabled() {
        return JFR && Probes.CONNECT.isEnabled();
    }

    static boolean acceptEnabled() {
        return JFR && Probes.ACCEPT.isEnabled();
    }

    /** Starts timing a read; call only if {@link #readEnabled()}. */
    static Object beginRead() {
        SocketReadEvent event = new SocketReadEvent();
        event.begin();
        return event;
    }

    /**
     * Ends a read that returned {@code n} ({@code -1}: end of stream) and writes it if it took long enough;
     * {@code timeoutNanos}: the adaptor's limit, 0 for none.
     */
    static void endRead(Object inFlight, HvSocketChannelImpl channel, long n, long timeoutNanos) {
        SocketReadEvent event = (SocketReadEvent) inFlight;
        event.end();
        if (event.shouldCommit()) {
            event.family = text(channel.family());
            event.address = text(channel.remoteAddress());
            event.timeout = TimeUnit.NANOSECONDS.toMillis(Math.max(timeoutNanos, 0));
            event.bytesRead = Math.max(n, 0);
            event.endOfStream = n < 0;
            event.commit();
        }
    }

    /** Starts timing a write; call only if {@link #writeEnabled()}. */
    static Object beginWrite() {
        SocketWriteEvent event = new SocketWriteEvent();
        event.begin();
        return event;
    }

    /** Ends a write of {@code n} bytes and writes the event if it took long enough. */
    static void endWrite(Object inFlight, HvSocketChannelImpl channel, long n) {
        SocketWriteEvent event = (SocketWriteEvent) inFlight;
        event.end();
        if (event.shouldCommit()) {
            event.family = text(channel.family());
            event.address = text(channel.remoteAddress());
            event.bytesWritten = Math.max(n, 0);
            event.commit();
        }
    }

    /**
     * Runs {@code connect} of {@code channel} to {@code remote} as a timed event, whatever its outcome, and
     * returns its result; call only if {@link #connectEnabled()}. {@code pendingToo}: false for
     * {@code finishConnect}, whose {@code false} (still pending) is a poll, not worth an event.
     */
    static boolean connect(HvSocketChannelImpl channel, SocketAddress remote, boolean pendingToo, Connect connect)
            throws IOException {
        SocketConnectEvent event = new SocketConnectEvent();
        event.begin();
        boolean connected;
        try {
            connected = connect.run();
        } catch (IOException | RuntimeException e) {
            endConnect(event, channel, remote, false, e);
            throw e;
        }
        if (connected || pendingToo) {
            endConnect(event, channel, remote, connected, null);
        }
        return connected;
    }

    private static void endConnect(SocketConnectEvent event, HvSocketChannelImpl channel, SocketAddress remote,
                                   boolean connected, Exception failure) {
        event.end();
        if (event.shouldCommit()) {
            event.family = text(channel.family());
            event.address = text(remote);
            event.connected = connected;
            event.error = failure == null ? null : failure.toString();
            event.commit();
        }
    }

    /** Starts timing an accept; call only if {@link #acceptEnabled()}. */
    static Object beginAccept() {
        SocketAcceptEvent event = new SocketAcceptEvent();
        event.begin();
        return event;
    }

    /** Ends an accept and writes the event if it took long enough and gave a connection. */
    static void endAccept(Object inFlight, HvServerSocketChannelImpl listener, SocketChannel accepted) {
        SocketAcceptEvent event = (SocketAcceptEvent) inFlight;
        event.end();
        if (accepted != null && event.shouldCommit()) {
            event.family = text(listener.family());
            event.localAddress = text(listener.localAddress());
            event.address = text(((HvSocketChannelImpl) accepted).remoteAddress());
            event.commit();
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
