package dev.hvsock.frameworks;

import dev.hvsock.HvSelectorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A thread-per-connection server on virtual threads over blocking hvsock-nio channels, with thousands of
 * connections open at once. A blocked read parks its virtual thread (hvsock-nio waits for readiness
 * rather than blocking in the kernel), so a handful of carrier threads serve them all; the test reports
 * how many carriers it saw.
 */
class VirtualThreadServerTest {
    private static final int CONNECTIONS = 2_000;
    private static final int ROUND_TRIPS = 5;
    private static final int PAYLOAD = 1024;
    private static final int REQUEST = 8 + PAYLOAD;
    private static final int RESPONSE = 8 + 32;

    @TempDir
    Path tempDir;

    private final Set<String> carriers = ConcurrentHashMap.newKeySet();
    private final Queue<Throwable> serverErrors = new ConcurrentLinkedQueue<>();

    /** Notes the carrier the current virtual thread runs on ("...@ForkJoinPool-1-worker-3"). */
    private void noteCarrier() {
        String self = Thread.currentThread().toString();
        int at = self.lastIndexOf('@');
        if (at >= 0) {
            carriers.add(self.substring(at + 1));
        }
    }

    private static void readFully(SocketChannel ch, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (ch.read(buffer) < 0) {
                throw new EOFException("connection closed with " + buffer.remaining() + " bytes to go");
            }
        }
        buffer.flip();
    }

    /** Answers each request (an id and a payload) with the id and the payload's SHA-256, until EOF. */
    private void serve(SocketChannel connection) {
        try (connection) {
            ByteBuffer request = ByteBuffer.allocate(REQUEST);
            ByteBuffer response = ByteBuffer.allocate(RESPONSE);
            while (true) {
                request.clear();
                int first = connection.read(request);
                noteCarrier();
                if (first < 0) {
                    return;
                }
                readFully(connection, request);
                long id = request.getLong();
                response.clear().putLong(id).put(RandomStream.sha256(request)).flip();
                connection.write(response);
            }
        } catch (IOException | RuntimeException e) {
            serverErrors.add(e);
        }
    }

    private static long openFileLimit() throws IOException {
        Path limits = Path.of("/proc/self/limits");
        if (!Files.isReadable(limits)) {
            return Long.MAX_VALUE;
        }
        for (String line : Files.readAllLines(limits)) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
    }

    @Test
    @Timeout(value = 180, unit = SECONDS)
    void thousandsOfConnectionsOnAHandfulOfCarriers() throws Exception {
        long limit = openFileLimit();
        assumeTrue(limit >= 2L * CONNECTIONS + 1_000, "open-file limit " + limit + " is below the "
                + (2 * CONNECTIONS + 1_000) + " descriptors " + CONNECTIONS + " connections need (ulimit -n)");

        SocketAddress address = UnixDomainSocketAddress.of(tempDir.resolve("vt.sock"));
        AtomicInteger live = new AtomicInteger();
        AtomicInteger mostLive = new AtomicInteger();
        Queue<Thread> handlerThreads = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        ServerSocketChannel listener =
                HvSelectorProvider.provider().openServerSocketChannel(StandardProtocolFamily.UNIX);
        try {
            listener.bind(address, CONNECTIONS);
            Thread acceptor = Thread.ofVirtual().name("acceptor").start(() -> {
                try {
                    while (true) {
                        SocketChannel connection = listener.accept();
                        handlerThreads.add(Thread.ofVirtual().start(() -> {
                            mostLive.accumulateAndGet(live.incrementAndGet(), Math::max);
                            serve(connection);
                            live.decrementAndGet();
                        }));
                    }
                } catch (AsynchronousCloseException closed) {
                    // the listener closed: the server is done
                } catch (IOException e) {
                    serverErrors.add(e);
                }
            });

            CountDownLatch allConnected = new CountDownLatch(CONNECTIONS);
            List<Future<?>> clients = new ArrayList<>();
            try (ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CONNECTIONS; c++) {
                    long clientId = c;
                    clients.add(clientThreads.submit(() -> {
                        SplittableRandom random = new SplittableRandom(clientId);
                        try (SocketChannel ch = HvSelectorProvider.provider()
                                .openSocketChannel(StandardProtocolFamily.UNIX)) {
                            ch.connect(address);
                            for (int round = 0; round < ROUND_TRIPS; round++) {
                                long id = clientId << 32 | round;
                                byte[] payload = new byte[PAYLOAD];
                                random.nextBytes(payload);
                                ch.write(ByteBuffer.allocate(REQUEST).putLong(id).put(payload).flip());
                                ByteBuffer response = ByteBuffer.allocate(RESPONSE);
                                readFully(ch, response);
                                noteCarrier();
                                assertEquals(id, response.getLong());
                                byte[] digest = new byte[32];
                                response.get(digest);
                                assertArrayEquals(RandomStream.sha256(payload), digest);
                                if (round == 0) {
                                    // hold every connection open until all of them are
                                    allConnected.countDown();
                                    assertTrue(allConnected.await(120, SECONDS), "all clients connected");
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> client : clients) {
                    client.get(150, SECONDS);
                }
            }
            listener.close(); // ends the acceptor
            acceptor.join(SECONDS.toMillis(30));
            for (Thread handler : handlerThreads) {
                handler.join(SECONDS.toMillis(30));
            }
        } finally {
            listener.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(List.of(), List.copyOf(serverErrors), "server errors");
        assertEquals(CONNECTIONS, handlerThreads.size(), "connections accepted");
        assertEquals(0, live.get(), "handlers still running");
        assertEquals(CONNECTIONS, mostLive.get(), "every connection had its own live handler at one moment");
        System.out.printf("[frameworks] virtual threads: %d connections open at once (up to %d handlers live),"
                        + " %d round trips in %.2f s, on %d distinct carrier threads %s"
                        + " (jdk.virtualThreadScheduler.parallelism %s, %d CPUs)%n",
                CONNECTIONS, mostLive.get(), CONNECTIONS * ROUND_TRIPS, seconds, carriers.size(), carriers,
                System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"),
                Runtime.getRuntime().availableProcessors());
    }
}
