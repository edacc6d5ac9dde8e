package dev.hvsock.frameworks;

import dev.hvsock.HvSelectorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A classic single-threaded selector loop: the recipe of docs/frameworks.md, run over AF_UNIX. */
@Timeout(value = 60, unit = SECONDS)
class SelectorLoopRecipeTest {
    @TempDir
    Path tempDir;

    // tag::selector-loop[]
    /** Echoes every connection of {@code listener} until the thread is interrupted. */
    static void echoLoop(ServerSocketChannel listener) throws IOException {
        try (Selector selector = HvSelectorProvider.provider().openSelector()) {
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    selector.select();
                    Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                    while (ready.hasNext()) {
                        SelectionKey key = ready.next();
                        ready.remove();
                        if (key.isAcceptable()) {
                            SocketChannel connection = listener.accept();
                            if (connection != null) {
                                connection.configureBlocking(false);
                                connection.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(16384));
                            }
                            continue;
                        }
                        SocketChannel connection = (SocketChannel) key.channel();
                        ByteBuffer pending = (ByteBuffer) key.attachment(); // kept ready for filling
                        if (key.isReadable() && connection.read(pending) < 0) {
                            connection.close(); // also cancels the key
                            continue;
                        }
                        pending.flip();
                        connection.write(pending);
                        pending.compact();
                        // stop reading while the peer is not taking our writes
                        key.interestOps(pending.position() > 0 ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                    }
                }
            } finally {
                for (SelectionKey key : selector.keys()) {
                    if (key.channel() != listener) {
                        key.channel().close();
                    }
                }
            }
        }
    }
    // end::selector-loop[]

    @Test
    void selectorLoopEchoesManyClients() throws Exception {
        SocketAddress address = UnixDomainSocketAddress.of(tempDir.resolve("selector.sock"));
        int clients = 50;
        int size = 256 * 1024;
        try (ServerSocketChannel listener = HvSelectorProvider.provider()
                .openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            listener.bind(address);
            CompletableFuture<Void> loop = new CompletableFuture<>();
            Thread server = Thread.ofPlatform().name("selector-loop").start(() -> {
                try {
                    echoLoop(listener);
                    loop.complete(null);
                } catch (Throwable t) {
                    loop.completeExceptionally(t);
                }
            });
            List<Future<?>> results = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < clients; c++) {
                    long seed = c;
                    results.add(threads.submit(() -> {
                        byte[] data = new byte[size];
                        new SplittableRandom(seed).nextBytes(data);
                        try (SocketChannel ch = HvSelectorProvider.provider()
                                .openSocketChannel(StandardProtocolFamily.UNIX)) {
                            ch.connect(address);
                            CompletableFuture<Void> written = new CompletableFuture<>();
                            Thread.ofVirtual().start(() -> {
                                try {
                                    ch.write(ByteBuffer.wrap(data));
                                    ch.shutdownOutput();
                                    written.complete(null);
                                } catch (Throwable t) {
                                    written.completeExceptionally(t);
                                }
                            });
                            ByteBuffer back = ByteBuffer.allocate(size + 1);
                            while (ch.read(back) >= 0) {
                                // until the loop closes the connection after our EOF
                            }
                            written.get(30, SECONDS);
                            assertEquals(size, back.position(), "bytes echoed");
                            assertArrayEquals(RandomStream.sha256(data),
                                    RandomStream.sha256(ByteBuffer.wrap(back.array(), 0, size)));
                        }
                        return null;
                    }));
                }
                for (Future<?> result : results) {
                    result.get(45, SECONDS);
                }
            }
            server.interrupt();
            loop.get(10, SECONDS);
            server.join(SECONDS.toMillis(10));
            assertFalse(server.isAlive());
        }
    }
}
