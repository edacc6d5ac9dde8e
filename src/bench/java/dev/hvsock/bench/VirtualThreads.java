package dev.hvsock.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread per connection on virtual threads: a server that starts a virtual thread per accepted
 * connection, each echoing with plain blocking reads and writes, serves {@code connections} clients
 * connected all at once; once every one is accepted, each client makes {@code trips} round trips of
 * {@code size} bytes. Result: round trips per second, and how many carrier threads ran the server's
 * virtual threads.
 *
 * <p>The clients are the C program's epoll loop in its own process, the same load for every
 * contender, which also keeps the client ends out of this process's open-file limit. Without the C
 * program they are virtual threads in this process, with the same channels as the server.
 */
final class VirtualThreads {
    private VirtualThreads() {
    }

    record Outcome(double tripsPerSecond, int carriers) {
    }

    private static final class Server implements AutoCloseable {
        final Set<String> carriers = ConcurrentHashMap.newKeySet();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicInteger accepted = new AtomicInteger();
        final ServerSocketChannel listener;
        final Thread acceptor;

        Server(Contender.Nio c, Path path, int connections, int size) throws IOException {
            listener = c.listen(path, 4096);
            acceptor = Thread.ofVirtual().name("vt-acceptor").start(() -> {
                try {
                    for (int i = 0; i < connections; i++) {
                        SocketChannel s = listener.accept();
                        accepted.incrementAndGet();
                        Thread.ofVirtual().start(() -> echo(s, size));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
        }

        private void echo(SocketChannel s, int size) {
            try (s) {
                ByteBuffer b = ByteBuffer.allocate(size);
                boolean first = true;
                while (true) {
                    b.clear();
                    while (b.hasRemaining()) {
                        if (s.read(b) < 0) {
                            carriers.add(carrierOf(Thread.currentThread()));
                            return;
                        }
                    }
                    if (first) {
                        carriers.add(carrierOf(Thread.currentThread()));
                        first = false;
                    }
                    b.flip();
                    Worker.writeFully(s, b);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }

        void awaitAccepted(int connections) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (accepted.get() < connections && failure.get() == null) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("server accepted only " + accepted.get() + " of " + connections);
                }
                Thread.sleep(1);
            }
            check();
        }

        void check() throws IOException {
            Throwable t = failure.get();
            if (t != null) {
                throw new IOException("virtual-thread server failed", t);
            }
        }

        int carriersUsed() {
            carriers.remove("");
            return carriers.size();
        }

        @Override
        public void close() throws Exception {
            acceptor.join(java.time.Duration.ofSeconds(60));
            listener.close();
        }
    }

    /** The C program's clients against a virtual-thread server of {@code c}. */
    static Outcome withCClients(Contender.Nio c, Contender.C clients, Path path, int connections, int trips, int size)
            throws Exception {
        try (Server server = new Server(c, path, connections, size)) {
            Process p = new ProcessBuilder(clients.executable().toString(), "client", path.toString(),
                    String.valueOf(connections), String.valueOf(size), String.valueOf(trips))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out =
                         new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream in = p.getOutputStream()) {
                String line = out.readLine();
                if (!"connected".equals(line)) {
                    throw new IOException("C clients did not connect: " + line);
                }
                server.awaitAccepted(connections);
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                line = out.readLine();
                if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0 || line == null
                        || !line.startsWith("seconds=")) {
                    throw new IOException("C clients failed: " + line);
                }
                server.check();
                double seconds = Double.parseDouble(line.substring(8).trim());
                return new Outcome((double) connections * trips / seconds, server.carriersUsed());
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** Clients on virtual threads in this process, with the same channels as the server. */
    static Outcome withJavaClients(Contender.Nio c, Path path, int connections, int trips, int size) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(connections);
        try (Server server = new Server(c, path, connections, size)) {
            for (int i = 0; i < connections; i++) {
                Thread.ofVirtual().start(() -> {
                    try (SocketChannel ch = c.connect(path)) {
                        go.await();
                        ByteBuffer b = ByteBuffer.allocate(size);
                        for (int t = 0; t < trips; t++) {
                            b.clear();
                            Worker.writeFully(ch, b);
                            b.clear();
                            Worker.readFully(ch, b);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        done.countDown();
                    }
                });
            }
            server.awaitAccepted(connections);
            long start = System.nanoTime();
            go.countDown();
            if (!done.await(300, TimeUnit.SECONDS)) {
                throw new IOException("virtual-thread clients timed out, " + done.getCount() + " left");
            }
            long elapsed = System.nanoTime() - start;
            if (failure.get() != null) {
                throw new IOException("virtual-thread client failed", failure.get());
            }
            server.check();
            return new Outcome((double) connections * trips / Worker.seconds(elapsed), server.carriersUsed());
        }
    }

    /**
     * The carrier a virtual thread runs on, from its string form
     * ("VirtualThread[#42]/runnable@ForkJoinPool-1-worker-1").
     */
    private static String carrierOf(Thread t) {
        String s = t.toString();
        int at = s.lastIndexOf('@');
        return at < 0 ? "" : s.substring(at + 1);
    }
}
