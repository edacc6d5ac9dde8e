package dev.hvsock;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The array-poll provider runs the platform as Windows runs it: a platform thread's blocking read parks
 * until the poller thread finds its socket ready (no wakeup of its own, and no wait in the kernel), and a
 * close unparks it.
 */
class ArrayPollSelectorProviderTest {
    @Test
    void aBlockedPlatformThreadParksThroughThePollerAndACloseEndsIt(@TempDir Path dir) throws Exception {
        SelectorProvider provider = TestProviders.arrayPollProvider();
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (ServerSocketChannel server = provider.openServerSocketChannel(StandardProtocolFamily.UNIX);
             SocketChannel client = provider.openSocketChannel(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            client.connect(address);
            try (SocketChannel accepted = server.accept()) {
                CompletableFuture<Integer> read = new CompletableFuture<>();
                Thread reader = Thread.ofPlatform().start(() -> {
                    try {
                        read.complete(client.read(ByteBuffer.allocate(1)));
                    } catch (IOException e) {
                        read.completeExceptionally(e);
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!parkedInThePoller(reader)) {
                    assertTrue(System.nanoTime() < deadline, "the reader parks in QueuedPoller.park: "
                            + Arrays.toString(reader.getStackTrace()));
                    Thread.sleep(5);
                }
                client.close();
                ExecutionException e = assertThrows(ExecutionException.class, () -> read.get(10, TimeUnit.SECONDS));
                assertInstanceOf(AsynchronousCloseException.class, e.getCause());
            }
        }
    }

    private static boolean parkedInThePoller(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().endsWith(".QueuedPoller") && frame.getMethodName().equals("park")) {
                return true;
            }
        }
        return false;
    }
}
