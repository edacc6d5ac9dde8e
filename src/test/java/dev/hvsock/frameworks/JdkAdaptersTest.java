package dev.hvsock.frameworks;

import dev.hvsock.HvSelectorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stream-oriented code over hvsock-nio channels through the JDK's own adapters: {@link Channels}'
 * streams, readers and writers, and the {@code socket()} adaptors used as plain {@link Socket} and
 * {@link ServerSocket}, timeouts included.
 */
@Timeout(value = 60, unit = SECONDS)
class JdkAdaptersTest {
    @TempDir
    Path tempDir;

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @org.junit.jupiter.api.AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(30, SECONDS), "server threads ended");
    }

    /** Upper-cases lines until EOF, through Channels.newInputStream/newOutputStream and plain java.io. */
    private static void upperCaseLines(SocketChannel connection) throws IOException {
        try (connection;
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(connection),
                     StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(new OutputStreamWriter(Channels.newOutputStream(connection),
                     StandardCharsets.UTF_8), true)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line.toUpperCase(Locale.ROOT));
            }
        }
    }

    // tag::streams-channels[]
    /** Asks the line server at {@code address} one question, through a Writer and a Reader on the channel. */
    static String ask(SocketAddress address, String question) throws IOException {
        try (SocketChannel channel = HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX)) {
            channel.connect(address);
            Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8);
            writer.write(question + "\n");
            writer.flush();
            BufferedReader reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
            return reader.readLine();
        }
    }
    // end::streams-channels[]

    @Test
    void readersAndWritersFromChannels() throws Exception {
        SocketAddress address = UnixDomainSocketAddress.of(tempDir.resolve("lines.sock"));
        try (ServerSocketChannel listener = HvSelectorProvider.provider()
                .openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            listener.bind(address);
            Future<?> server = threads.submit(() -> {
                for (int connection = 0; connection < 2; connection++) {
                    upperCaseLines(listener.accept());
                }
                return null;
            });

            assertEquals("GRÜSSE FROM A WRITER", ask(address, "grüße from a Writer"));

            SocketChannel channel = HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX);
            channel.connect(address);
            try (BufferedReader reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
                 Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
                writer.write("first line\nsecond line ✓\n");
                writer.flush();
                assertEquals("FIRST LINE", reader.readLine());
                assertEquals("SECOND LINE ✓", reader.readLine());
                channel.shutdownOutput();
                assertNull(reader.readLine(), "EOF once the server saw ours and closed");
            }
            server.get(30, SECONDS);
        }
    }

    @Test
    void bulkBytesThroughChannelStreams() throws Exception {
        byte[] data = new byte[8 * 1024 * 1024 + 3];
        new SplittableRandom(11).nextBytes(data);
        SocketAddress address = UnixDomainSocketAddress.of(tempDir.resolve("bulk.sock"));
        try (ServerSocketChannel listener = HvSelectorProvider.provider()
                .openServerSocketChannel(StandardProtocolFamily.UNIX);
             SocketChannel client = HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX)) {
            listener.bind(address);
            client.connect(address);
            try (SocketChannel accepted = listener.accept()) {
                Future<?> sender = threads.submit(() -> {
                    OutputStream out = Channels.newOutputStream(client);
                    for (int off = 0; off < data.length; off += 100_000) {
                        out.write(data, off, Math.min(100_000, data.length - off));
                    }
                    client.shutdownOutput();
                    return null;
                });
                InputStream in = Channels.newInputStream(accepted);
                byte[] received = in.readAllBytes();
                sender.get(30, SECONDS);
                assertEquals(data.length, received.length);
                assertArrayEquals(RandomStream.sha256(data), RandomStream.sha256(received));
            }
        }
    }

    // tag::streams-socket-adaptor[]
    /** Sends one request line to the server at {@code address} over a plain java.net.Socket; returns the answer. */
    static String request(SocketAddress address, String request) throws IOException {
        Socket socket = HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX).socket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                     StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(),
                     StandardCharsets.UTF_8), true)) {
            out.println(request);
            return in.readLine();
        }
    }
    // end::streams-socket-adaptor[]

    // tag::streams-full-duplex[]
    /**
     * Sends everything {@code source} has to the peer while, on a second thread, copying what the peer sends
     * into {@code sink}: both directions at once, through the streams of the socket adaptor.
     */
    static void exchange(SocketChannel channel, InputStream source, OutputStream sink) throws Exception {
        Socket socket = channel.socket(); // full duplex: a read waiting for data holds up no write
        try (ExecutorService receiving = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Long> received = receiving.submit(() -> socket.getInputStream().transferTo(sink));
            source.transferTo(socket.getOutputStream());
            socket.shutdownOutput(); // the peer sees EOF once it has everything
            received.get();
        }
    }
    // end::streams-full-duplex[]

    /** Echoes everything {@code connection} receives until EOF, through the adaptor's streams; then closes. */
    private static Void echo(SocketChannel connection) throws IOException {
        try (Socket socket = connection.socket()) {
            socket.getInputStream().transferTo(socket.getOutputStream());
        }
        return null;
    }

    @Test
    void aFullDuplexExchangeThroughTheSocketStreams() throws Exception {
        // more than both ends' socket buffers: the echo server is blocked writing unless the client reads
        byte[] data = new byte[16 * 1024 * 1024];
        new SplittableRandom(13).nextBytes(data);
        SocketAddress address = UnixDomainSocketAddress.of(tempDir.resolve("echo.sock"));
        try (ServerSocketChannel listener = HvSelectorProvider.provider()
                .openServerSocketChannel(StandardProtocolFamily.UNIX);
             SocketChannel client = HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX)) {
            listener.bind(address);
            Future<Void> server = threads.submit(() -> echo(listener.accept()));
            client.connect(address);
            ByteArrayOutputStream echoed = new ByteArrayOutputStream(data.length);
            exchange(client, new ByteArrayInputStream(data), echoed);
            server.get(30, SECONDS);
            assertArrayEquals(RandomStream.sha256(data), RandomStream.sha256(echoed.toByteArray()));
        }
    }

    /**
     * Why the Streams recipe takes the adaptor's streams for full duplex: the JDK's {@code Channels} streams
     * over a channel that is not the JDK's own hold its {@code blockingLock()} through every read and write
     * (sun.nio.ch.ChannelInputStream/ChannelOutputStream, JDK 25), so a read that waits blocks every write.
     * If a JDK changes that, this test fails and the recipe's advice can go.
     */
    @Test
    void theJdksChannelStreamsTakeTurnsAReadThatWaitsBlocksAWrite() throws Exception {
        SocketAddress address = UnixDomainSocketAddress.of(tempDir.resolve("turns.sock"));
        try (ServerSocketChannel listener = HvSelectorProvider.provider()
                .openServerSocketChannel(StandardProtocolFamily.UNIX);
             SocketChannel client = HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX)) {
            listener.bind(address);
            client.connect(address);
            try (SocketChannel accepted = listener.accept()) {
                InputStream in = Channels.newInputStream(client);
                OutputStream out = Channels.newOutputStream(client);
                Thread reader = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        in.read();
                    } catch (IOException ignore) {
                        // the test reads the outcome from the peer
                    }
                });
                awaitWaitingInIo(reader);
                Thread writer = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        out.write(7);
                    } catch (IOException ignore) {
                        // the test reads the outcome from the peer
                    }
                });
                awaitState(writer, Thread.State.BLOCKED); // on the blockingLock that the waiting read holds
                accepted.configureBlocking(false);
                assertEquals(0, accepted.read(ByteBuffer.allocate(1)), "nothing written while the read waits");
                accepted.configureBlocking(true);
                accepted.write(ByteBuffer.wrap(new byte[] {1})); // ends the read, and with it the turn
                reader.join(10_000);
                writer.join(10_000);
                assertEquals(7, readByte(accepted), "the write went through once the read was done");
            }
        }
    }

    /** Waits until {@code thread} waits inside one of hvsock-nio's channels (its IoSide). */
    private static void awaitWaitingInIo(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (Arrays.stream(thread.getStackTrace()).noneMatch(f -> f.getClassName().endsWith(".IoSide"))) {
            assertTrue(System.nanoTime() < deadline, thread + " never waited in a read: "
                    + Arrays.toString(thread.getStackTrace()));
            Thread.sleep(5);
        }
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (thread.getState() != state) {
            assertTrue(System.nanoTime() < deadline, thread + " never got " + state + ": " + thread.getState());
            Thread.sleep(5);
        }
    }

    private static int readByte(SocketChannel channel) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        while (one.hasRemaining()) {
            if (channel.read(one) < 0) {
                return -1;
            }
        }
        return one.get(0);
    }

    /** A line protocol over a plain java.net.Socket: ADD n..., LATER text (answered once allowed), QUIT. */
    private static void serveRequests(Socket connection, CountDownLatch answerLater) throws Exception {
        try (connection;
             BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                     StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(new OutputStreamWriter(connection.getOutputStream(),
                     StandardCharsets.UTF_8), true)) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.split(" ", 2);
                switch (words[0]) {
                    case "ADD" -> out.println(Arrays.stream(words[1].split(" "))
                            .mapToLong(Long::parseLong).sum());
                    case "LATER" -> {
                        assertTrue(answerLater.await(30, SECONDS));
                        out.println(words[1].toUpperCase(Locale.ROOT));
                    }
                    case "QUIT" -> {
                        out.println("BYE");
                        return;
                    }
                    default -> out.println("ERR " + line);
                }
            }
        }
    }

    @Test
    void socketAdaptorsServeALineProtocolWithTimeouts() throws Exception {
        SocketAddress address = UnixDomainSocketAddress.of(tempDir.resolve("adaptor.sock"));
        CountDownLatch clientTimedOut = new CountDownLatch(1);
        ServerSocket listener = HvSelectorProvider.provider().openServerSocketChannel(StandardProtocolFamily.UNIX)
                .socket();
        try (listener) {
            listener.bind(address);
            listener.setSoTimeout(50);
            // nobody connects yet: accept times out, and the listener stays usable
            assertThrows(SocketTimeoutException.class, listener::accept);
            assertFalse(listener.isClosed());
            listener.setSoTimeout(0);
            Future<?> server = threads.submit(() -> {
                for (int connection = 0; connection < 2; connection++) {
                    serveRequests(listener.accept(), clientTimedOut);
                }
                return null;
            });

            assertEquals("42", request(address, "ADD 2 3 37"));

            Socket socket = HvSelectorProvider.provider().openSocketChannel(StandardProtocolFamily.UNIX).socket();
            socket.connect(address, 5_000);
            assertEquals(address, socket.getRemoteSocketAddress());
            try (socket;
                 BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                         StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(),
                         StandardCharsets.UTF_8), true)) {
                // the server answers only once the client has given up waiting, so the timeout is certain
                socket.setSoTimeout(200);
                out.println("LATER still here");
                assertThrows(SocketTimeoutException.class, in::readLine);
                clientTimedOut.countDown();
                assertFalse(socket.isClosed(), "a read timeout leaves the socket open");
                socket.setSoTimeout(30_000);
                assertEquals("STILL HERE", in.readLine(), "the same socket and reader go on after the timeout");

                out.println("QUIT");
                assertEquals("BYE", in.readLine());
                assertNull(in.readLine(), "EOF after the server closed");
            }
            server.get(30, SECONDS);
        }
    }
}
