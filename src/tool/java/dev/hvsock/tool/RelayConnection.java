package dev.hvsock.tool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One relayed connection: bytes flow both ways until each side has sent its end-of-stream. An EOF read
 * from one side becomes a shutdownOutput towards the other (half-close), so request/response protocols
 * that rely on it keep working; the pair is closed once both directions are done, or at once when either
 * fails.
 */
final class RelayConnection {
    private static final int CHUNK = 64 * 1024;

    private final SocketChannel accepted;
    private final SocketChannel connected;
    private final RelayStats stats;
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    RelayConnection(SocketChannel accepted, SocketChannel connected, RelayStats stats) {
        this.accepted = accepted;
        this.connected = connected;
        this.stats = stats;
    }

    /** Relays until both directions are done; returns the first failure, or null. */
    IOException run() throws InterruptedException {
        Thread back = Thread.ofVirtual().name("relay-back").start(() -> pump(connected, accepted, stats.backward));
        pump(accepted, connected, stats.forward);
        back.join();
        closeBoth();
        return failure.get();
    }

    private void pump(SocketChannel from, SocketChannel to, LongAdder counter) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    counter.add(to.write(buffer));
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (ClosedChannelException e) {
            // closed because the other direction failed; that failure is the one to report
        } catch (IOException e) {
            failure.compareAndSet(null, e);
            closeBoth();
        }
    }

    private void closeBoth() {
        closeQuietly(accepted);
        closeQuietly(connected);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do with a channel that fails to close
        }
    }
}
