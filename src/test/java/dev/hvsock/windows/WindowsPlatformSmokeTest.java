package dev.hvsock.windows;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.HvSocketOptions;
import dev.hvsock.testing.HyperVTest;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Windows platform end to end on the things every Windows 10 1803+ machine has (AF_UNIX, WSAPoll, the
 * wakeup pair, on AF_UNIX and on its loopback TCP fallback), plus the Hyper-V socket options and a failing
 * Hyper-V connect where Hyper-V is enabled.
 */
@Tag("windows")
@EnabledIf(value = "dev.hvsock.testing.PlatformUnderTest#windows",
        disabledReason = "the Windows platform runs on Windows, and on Linux over the Winsock model")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WindowsPlatformSmokeTest {
    private final HvSelectorProvider provider = HvSelectorProvider.provider();

    @Test
    void unixSocketsCarryDataBothWaysAndVectored(@TempDir Path dir) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (ServerSocketChannel server = provider.openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            try (SocketChannel client = provider.openSocketChannel(StandardProtocolFamily.UNIX)) {
                assertTrue(client.connect(address) || client.finishConnect());
                try (SocketChannel accepted = server.accept()) {
                    client.write(ByteBuffer.wrap("hello".getBytes()));
                    ByteBuffer in = ByteBuffer.allocate(5);
                    while (in.hasRemaining()) {
                        accepted.read(in);
                    }
                    assertArrayEquals("hello".getBytes(), in.array());
                    ByteBuffer[] out = {ByteBuffer.wrap(new byte[]{1, 2}),
                            ByteBuffer.allocateDirect(3).put(new byte[]{3, 4, 5}).flip()};
                    while (out[1].hasRemaining()) {
                        accepted.write(out);
                    }
                    ByteBuffer[] parts = {ByteBuffer.allocate(1), ByteBuffer.allocateDirect(4)};
                    long total = 0;
                    while (total < 5) {
                        total += client.read(parts);
                    }
                    assertEquals(1, parts[0].get(0));
                    parts[1].flip();
                    assertEquals(4, parts[1].remaining());
                    assertEquals(5, parts[1].get(3));
                    accepted.shutdownOutput();
                    assertEquals(-1, client.read(ByteBuffer.allocate(1)));
                }
            }
        } finally {
            Files.deleteIfExists(address.getPath());
        }
    }

    @Test
    void aSelectorWakesUpFromAnotherThread() throws Exception {
        try (Selector selector = provider.openSelector()) {
            Thread waker = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ignored) {
                    // wake up at once then
                }
                selector.wakeup();
            });
            assertEquals(0, selector.select());
            waker.join();
            // a wakeup before select makes the next select return at once
            selector.wakeup();
            assertEquals(0, selector.select());
        }
    }

    @Test
    void aSelectorStillWakesUpWhereItsWakeupMustFallBackToLoopbackTcp() throws Exception {
        // jdk.net.unixdomain.tmpdir is where the wakeup's AF_UNIX listener goes first (as for the JDK's own
        // Windows selector); a path too long for sun_path leaves loopback TCP only (PipeImpl's fallback)
        String before = System.getProperty("jdk.net.unixdomain.tmpdir");
        System.setProperty("jdk.net.unixdomain.tmpdir", "C:\\" + "x".repeat(120));
        try (Selector selector = provider.openSelector()) {
            selector.wakeup();
            assertEquals(0, selector.select(10_000));
            long start = System.nanoTime();
            assertEquals(0, selector.select(50));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(40), "a drained wakeup");
        } finally {
            if (before == null) {
                System.clearProperty("jdk.net.unixdomain.tmpdir");
            } else {
                System.setProperty("jdk.net.unixdomain.tmpdir", before);
            }
        }
    }

    @Test
    void aConnectToAMissingUnixPathFails(@TempDir Path dir) throws IOException {
        try (SocketChannel client = provider.openSocketChannel(StandardProtocolFamily.UNIX)) {
            assertThrows(IOException.class, () -> client.connect(UnixDomainSocketAddress.of(dir.resolve("none.sock"))));
        }
    }

    private SocketChannel openHyperV() throws IOException {
        return provider.openSocketChannel(HvProtocolFamily.HYPERV);
    }

    @Test
    @HyperVTest
    void hyperVSocketsStartWithTheLibrarysConnectTimeoutAndTakeAnother() throws IOException {
        try (SocketChannel channel = openHyperV()) {
            assertEquals(10_000, channel.getOption(HvSocketOptions.CONNECT_TIMEOUT));
            channel.setOption(HvSocketOptions.CONNECT_TIMEOUT, 2_500);
            assertEquals(2_500, channel.getOption(HvSocketOptions.CONNECT_TIMEOUT));
            assertThrows(IllegalArgumentException.class, () -> channel.setOption(HvSocketOptions.CONNECT_TIMEOUT, 0));
            channel.setOption(HvSocketOptions.CONNECTED_SUSPEND, true);
            assertEquals(true, channel.getOption(HvSocketOptions.CONNECTED_SUSPEND));
        }
    }

    @Test
    @HyperVTest
    void aHyperVConnectNobodyAnswersFailsThroughTheSelector() throws IOException {
        // WSAPoll before Windows 10 2004 never reports this failure; the platform must notice it anyway
        try (SocketChannel channel = openHyperV(); Selector selector = provider.openSelector()) {
            channel.setOption(HvSocketOptions.CONNECT_TIMEOUT, 2_000);
            channel.configureBlocking(false);
            boolean connected;
            try {
                connected = channel.connect(HvSocketAddress.of(HvSocketAddress.LOOPBACK, UUID.randomUUID()));
            } catch (IOException refusedAtOnce) {
                return; // failing at once is just as right
            }
            assertTrue(!connected, "connected to a service nobody registered");
            channel.register(selector, SelectionKey.OP_CONNECT);
            while (selector.select() == 0) {
                // spurious wakeups are allowed
            }
            IOException e = assertThrows(IOException.class, channel::finishConnect);
            assertTrue(e.getMessage().startsWith("connect to loopback:"), e.getMessage());
        }
    }
}
