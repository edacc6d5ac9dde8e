package dev.hvsock.bench;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/** A platform thread whose failure surfaces in the thread that joins it; plus the loops every scenario needs. */
final class Worker {
    interface Body {
        void run() throws Exception;
    }

    private final Thread thread;
    private volatile Throwable failure;

    private Worker(String name, Body body) {
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    static Worker start(String name, Body body) {
        Worker w = new Worker(name, body);
        w.thread.start();
        return w;
    }

    /** Waits for the thread (at most {@code seconds}) and rethrows what it threw. */
    void join(long seconds) throws Exception {
        if (!thread.join(java.time.Duration.ofSeconds(seconds))) {
            throw new IOException(thread.getName() + " did not finish in " + seconds + " s");
        }
        Throwable t = failure;
        if (t instanceof Exception e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        }
    }

    static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("peer closed after " + b.position() + " bytes");
            }
        }
    }

    static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    static double seconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }
}
