package dev.hvsock.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Ping-pong latency: a client sends {@code size} bytes, an echo thread sends them back; every round
 * trip is timed. Blocking mode, or selector-driven on both ends (select, then read).
 */
final class PingPong {
    private PingPong() {
    }

    record Latency(double medianNanos, double p99Nanos) {
    }

    static Latency java(Contender.Nio c, Path path, int warmup, int trips, int size, boolean selector)
            throws Exception {
        try (ServerSocketChannel listener = c.listen(path, 16);
             SocketChannel client = c.connect(path);
             SocketChannel server = listener.accept()) {
            int total = warmup + trips;
            Worker echo = Worker.start("echo", () -> {
                ByteBuffer b = ByteBuffer.allocateDirect(size);
                if (selector) {
                    server.configureBlocking(false);
                    try (Selector s = c.openSelector()) {
                        server.register(s, SelectionKey.OP_READ);
                        for (int i = 0; i < total; i++) {
                            b.clear();
                            selectAndRead(s, server, b);
                            b.flip();
                            Worker.writeFully(server, b);
                        }
                    }
                } else {
                    for (int i = 0; i < total; i++) {
                        b.clear();
                        Worker.readFully(server, b);
                        b.flip();
                        Worker.writeFully(server, b);
                    }
                }
            });
            long[] rtt = new long[trips];
            ByteBuffer b = ByteBuffer.allocateDirect(size);
            Selector s = null;
            try {
                if (selector) {
                    client.configureBlocking(false);
                    s = c.openSelector();
                    client.register(s, SelectionKey.OP_READ);
                }
                for (int i = 0; i < total; i++) {
                    long t0 = System.nanoTime();
                    b.clear();
                    Worker.writeFully(client, b);
                    b.clear();
                    if (selector) {
                        selectAndRead(s, client, b);
                    } else {
                        Worker.readFully(client, b);
                    }
                    if (i >= warmup) {
                        rtt[i - warmup] = System.nanoTime() - t0;
                    }
                }
            } finally {
                if (s != null) {
                    s.close();
                }
            }
            echo.join(300);
            Arrays.sort(rtt);
            return new Latency(rtt[trips / 2], rtt[(int) ((trips * 99L) / 100)]);
        }
    }

    /** Selector style: wait for readiness, then read, until {@code b} is full. */
    private static void selectAndRead(Selector s, SocketChannel ch, ByteBuffer b) throws Exception {
        while (b.hasRemaining()) {
            s.select();
            s.selectedKeys().clear();
            if (ch.read(b) < 0) {
                throw new java.io.EOFException("peer closed");
            }
        }
    }

    static Latency c(Contender.C c, Path path, int warmup, int trips, int size, boolean epoll) throws Exception {
        var out = CProgram.run(c.executable(), "pingpong", path, warmup, trips, size, epoll ? "epoll" : "blocking");
        return new Latency(CProgram.number(out, "median_ns"), CProgram.number(out, "p99_ns"));
    }
}
