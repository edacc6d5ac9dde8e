package dev.hvsock.reliability;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The soak: {@code connections} blocking clients, each with a writer and a reader thread, push
 * {@code bytesPerConnection} bytes each way through a {@link SelectorEchoServer} in writes and reads of
 * random size, and check every byte twice: against the expected {@link StreamPattern} as it arrives,
 * and by CRC32C of everything sent against everything received. It ends by itself: a run that moves no
 * byte for {@code stallSeconds}, or takes longer than {@code maxSeconds}, fails and names the connections
 * that were stuck.
 */
final class Soak {
    /** How a client's data reaches the channel. */
    enum Mode { HEAP, DIRECT, VECTORED }

    record Config(Transport transport, int connections, long bytesPerConnection, int maxWrite, long seed,
                  String threads, int stallSeconds, int maxSeconds, int serverBuffer) {

        static Config fromProperties(Transport transport, String prefix, int connections, long bytes) {
            long seed = Long.getLong(prefix + "seed", System.nanoTime());
            return new Config(transport,
                    Figures.intProperty(prefix + "connections", connections),
                    Figures.sizeProperty(prefix + "bytes", bytes),
                    Figures.intProperty(prefix + "maxWrite", 256 * 1024),
                    seed,
                    System.getProperty(prefix + "threads", "mixed"),
                    Figures.intProperty(prefix + "stallSeconds", 120),
                    Figures.intProperty(prefix + "maxSeconds", 1800),
                    Figures.intProperty(prefix + "serverBuffer", 64 * 1024));
        }
    }

    record Result(long seconds100, long bytesEachWay, long partialWrites, long zeroWrites, long selects,
                  int fdsBefore, int fdsAfter, long nanos) {
    }

    private final Config config;
    private final StreamPattern pattern;
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    Soak(Config config) {
        this.config = config;
        this.pattern = new StreamPattern(config.seed());
    }

    private final class Client {
        final int id;
        final SocketChannel channel;
        final Mode mode;
        final boolean virtual;
        volatile long sent;
        volatile long received;
        volatile long sentCrc;
        volatile long receivedCrc;
        volatile boolean writerDone;
        volatile boolean readerDone;
        Thread writer;
        Thread reader;

        Client(int id, SocketChannel channel) {
            this.id = id;
            this.channel = channel;
            this.mode = Mode.values()[id % Mode.values().length];
            this.virtual = switch (config.threads()) {
                case "virtual" -> true;
                case "platform" -> false;
                default -> id % 2 == 1;
            };
        }

        int randomSize(SplittableRandom rnd, int max) {
            int bucket = rnd.nextInt(8);
            if (bucket == 0) {
                return 1 + rnd.nextInt(Math.min(64, max));
            }
            if (bucket <= 2) {
                return 1 + rnd.nextInt(Math.min(4096, max));
            }
            return 1 + rnd.nextInt(max);
        }

        void write() {
            SplittableRandom rnd = new SplittableRandom(config.seed() ^ (id * 0x5DEECE66DL));
            byte[] chunk = new byte[config.maxWrite()];
            ByteBuffer direct = mode == Mode.DIRECT ? ByteBuffer.allocateDirect(config.maxWrite()) : null;
            CRC32C crc = new CRC32C();
            long total = config.bytesPerConnection();
            long offset = 0;
            try {
                while (offset < total) {
                    int n = (int) Math.min(randomSize(rnd, config.maxWrite()), total - offset);
                    pattern.fill(id, offset, chunk, 0, n);
                    long written;
                    switch (mode) {
                        case HEAP -> {
                            ByteBuffer b = ByteBuffer.wrap(chunk, 0, n);
                            written = channel.write(b);
                            checkFullyWritten(b.remaining(), written, n, offset);
                        }
                        case DIRECT -> {
                            direct.clear();
                            direct.put(chunk, 0, n).flip();
                            written = channel.write(direct);
                            checkFullyWritten(direct.remaining(), written, n, offset);
                        }
                        default -> {
                            ByteBuffer[] parts = split(rnd, chunk, n);
                            written = channel.write(parts);
                            int left = 0;
                            for (ByteBuffer p : parts) {
                                left += p.remaining();
                            }
                            checkFullyWritten(left, written, n, offset);
                        }
                    }
                    crc.update(chunk, 0, n);
                    offset += n;
                    sent = offset;
                }
                sentCrc = crc.getValue();
                channel.shutdownOutput();
            } catch (Throwable t) {
                failures.add(new AssertionError("connection " + id + " (" + mode + (virtual ? ", virtual" : "")
                        + "): write failed at offset " + offset, t));
            } finally {
                writerDone = true;
            }
        }

        private ByteBuffer[] split(SplittableRandom rnd, byte[] chunk, int n) {
            int parts = 1 + rnd.nextInt(4);
            ByteBuffer[] bufs = new ByteBuffer[parts];
            int start = 0;
            for (int i = 0; i < parts; i++) {
                int end = i == parts - 1 ? n : start + rnd.nextInt(n - start + 1);
                bufs[i] = ByteBuffer.wrap(chunk, start, end - start);
                start = end;
            }
            return bufs;
        }

        private void checkFullyWritten(int left, long written, int n, long offset) {
            // A blocking write returns only once every byte is written (WritableByteChannel's contract).
            if (left != 0 || written != n) {
                throw new AssertionError("blocking write of " + n + " bytes at offset " + offset + " returned "
                        + written + " with " + left + " bytes left in the buffer");
            }
        }

        void read() {
            SplittableRandom rnd = new SplittableRandom(~config.seed() ^ (id * 0x2545F4914F6CDD1DL));
            int max = Math.min(config.maxWrite(), 128 * 1024);
            byte[] got = new byte[max];
            byte[] expected = new byte[max];
            ByteBuffer direct = mode == Mode.DIRECT ? ByteBuffer.allocateDirect(max) : null;
            CRC32C crc = new CRC32C();
            long total = config.bytesPerConnection();
            long offset = 0;
            try {
                while (true) {
                    int want = randomSize(rnd, max);
                    int n;
                    switch (mode) {
                        case HEAP -> n = channel.read(ByteBuffer.wrap(got, 0, want));
                        case DIRECT -> {
                            direct.clear().limit(want);
                            n = channel.read(direct);
                            if (n > 0) {
                                direct.flip().get(got, 0, n);
                            }
                        }
                        default -> {
                            int cut = rnd.nextInt(want + 1);
                            n = (int) channel.read(new ByteBuffer[] {
                                    ByteBuffer.wrap(got, 0, cut), ByteBuffer.wrap(got, cut, want - cut)});
                        }
                    }
                    if (n < 0) {
                        break;
                    }
                    if (offset + n > total) {
                        throw new AssertionError("received " + (offset + n) + " bytes, more than the " + total
                                + " sent");
                    }
                    pattern.fill(id, offset, expected, 0, n);
                    int bad = Arrays.mismatch(got, 0, n, expected, 0, n);
                    if (bad >= 0) {
                        throw new AssertionError("byte " + (offset + bad) + " corrupted: got " + got[bad]
                                + ", sent " + expected[bad]);
                    }
                    crc.update(got, 0, n);
                    offset += n;
                    received = offset;
                }
                receivedCrc = crc.getValue();
                if (offset != total) {
                    throw new AssertionError("EOF after " + offset + " of " + total + " bytes: "
                            + (total - offset) + " lost");
                }
            } catch (Throwable t) {
                failures.add(new AssertionError("connection " + id + " (" + mode + (virtual ? ", virtual" : "")
                        + "): read failed at offset " + offset, t));
            } finally {
                readerDone = true;
            }
        }

        Thread start(String name, Runnable r) {
            return virtual ? Thread.ofVirtual().name(name).start(r) : Thread.ofPlatform().name(name).start(r);
        }

        String describe() {
            return "  client " + id + " (" + mode + (virtual ? ", virtual" : "") + ") sent=" + sent + " received="
                    + received + " writerDone=" + writerDone + " readerDone=" + readerDone + "\n";
        }
    }

    Result run() throws Exception {
        String name = "soak-" + config.transport().name().toLowerCase(java.util.Locale.ROOT);
        Figures.report(name, "config", config);
        ProcessResources.startProcessWideState();
        List<String> fdsBefore = ProcessResources.socketLikeFds();
        List<Client> clients = new ArrayList<>();
        long start = System.nanoTime();
        SelectorEchoServer server = new SelectorEchoServer(config.transport(), Math.max(64, config.connections()),
                config.serverBuffer());
        try {
            var address = config.transport().connectAddress(server.listener());
            for (int i = 0; i < config.connections(); i++) {
                SocketChannel ch = config.transport().open();
                clients.add(new Client(i, ch));
                ch.connect(address);
            }
            for (Client c : clients) {
                c.reader = c.start("soak-read-" + c.id, c::read);
                c.writer = c.start("soak-write-" + c.id, c::write);
            }
            awaitClients(clients, server, start);
        } finally {
            for (Client c : clients) {
                c.channel.close();
            }
            for (Client c : clients) {
                join(c.writer);
                join(c.reader);
            }
            server.close();
        }
        long nanos = System.nanoTime() - start;

        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " failure(s) in the soak (seed " + config.seed()
                    + "); first: " + failures.peek().getMessage(), failures.peek());
            failures.stream().skip(1).limit(5).forEach(e::addSuppressed);
            throw e;
        }
        if (!server.errors.isEmpty()) {
            AssertionError e = new AssertionError("echo server failed (seed " + config.seed() + ")",
                    server.errors.peek());
            throw e;
        }
        for (Client c : clients) {
            assertEquals(config.bytesPerConnection(), c.sent, "connection " + c.id + " sent");
            assertEquals(config.bytesPerConnection(), c.received, "connection " + c.id + " received");
            assertEquals(c.sentCrc, c.receivedCrc, "connection " + c.id + ": CRC32C of what was sent and received");
        }
        assertEquals(config.connections(), server.accepted.get(), "connections the server accepted");
        assertEquals(config.connections(), server.finished.get(), "connections the server finished cleanly");
        assertEquals((long) config.connections() * config.bytesPerConnection(), server.bytesEchoed.get(),
                "bytes the server echoed");
        List<String> leaked = ProcessResources.leakedSince(fdsBefore);
        assertTrue(leaked.isEmpty(), "descriptors left open after the soak: " + leaked);

        long each = (long) config.connections() * config.bytesPerConnection();
        Figures.report(name, "connections", config.connections());
        Figures.report(name, "bytes each way per connection", Figures.mib(config.bytesPerConnection()));
        Figures.report(name, "bytes through the echo server each way", Figures.mib(each));
        Figures.report(name, "duration", String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9));
        Figures.report(name, "throughput (each way)",
                String.format(java.util.Locale.ROOT, "%.0f MiB/s", each / 1048576.0 / (nanos / 1e9)));
        Figures.report(name, "server partial writes / zero writes / selects",
                server.partialWrites.get() + " / " + server.zeroWrites.get() + " / " + server.selects.get());
        Figures.report(name, "socket-like fds before / after", fdsBefore.size() + " / "
                + ProcessResources.socketLikeFds().size());
        Figures.report(name, "lost / corrupted bytes, stuck connections", "0 / 0 / 0 (seed " + config.seed() + ")");
        return new Result(nanos / 10_000_000, each, server.partialWrites.get(), server.zeroWrites.get(),
                server.selects.get(), fdsBefore.size(), ProcessResources.socketLikeFds().size(), nanos);
    }

    private void awaitClients(List<Client> clients, SelectorEchoServer server, long start)
            throws InterruptedException {
        long lastProgress = -1;
        long lastProgressAt = System.nanoTime();
        while (true) {
            boolean done = true;
            long progress = 0;
            for (Client c : clients) {
                done &= c.writerDone && c.readerDone;
                progress += c.sent + c.received;
            }
            if (done) {
                return;
            }
            long now = System.nanoTime();
            if (progress != lastProgress) {
                lastProgress = progress;
                lastProgressAt = now;
            }
            boolean stalled = now - lastProgressAt > TimeUnit.SECONDS.toNanos(config.stallSeconds());
            boolean late = now - start > TimeUnit.SECONDS.toNanos(config.maxSeconds());
            if (stalled || late || (!failures.isEmpty() && progressStopped(clients))) {
                StringBuilder sb = new StringBuilder(stalled ? "no byte moved for " + config.stallSeconds() + " s"
                        : late ? "soak still running after " + config.maxSeconds() + " s" : "clients failed");
                sb.append(" (seed ").append(config.seed()).append("); unfinished:\n");
                clients.stream().filter(c -> !(c.writerDone && c.readerDone)).limit(20)
                        .forEach(c -> sb.append(c.describe()));
                sb.append(server.describeUnfinished());
                if (!failures.isEmpty()) {
                    fail(sb.toString(), failures.peek());
                }
                fail(sb.toString());
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** After a failure, the rest may wait forever on the failed peer: stop once nothing moves for 5 s. */
    private long failedProgress = -1;
    private long failedSince;

    private boolean progressStopped(List<Client> clients) {
        long progress = 0;
        for (Client c : clients) {
            progress += c.sent + c.received;
        }
        long now = System.nanoTime();
        if (progress != failedProgress) {
            failedProgress = progress;
            failedSince = now;
            return false;
        }
        return now - failedSince > TimeUnit.SECONDS.toNanos(5);
    }

    private static void join(Thread t) throws InterruptedException {
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            if (t.isAlive()) {
                throw new AssertionError(t + " did not end within 30 s of its channel being closed");
            }
        }
    }
}
