package dev.hvsock.windows.model;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.internal.select.NativeSelectableChannel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Windows platform under the faults a real Windows can show and a test there cannot provoke: each is
 * switched on in the Winsock model ({@code src/test/c/winsock-model/faults.c}), which says where it comes from.
 */
@EnabledIf(value = "dev.hvsock.testing.PlatformUnderTest#overWinsockModel",
        disabledReason = "the faults are switched on in the Winsock model, which runs on Linux only")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WinsockModelFaultTest {
    private final HvSelectorProvider provider = HvSelectorProvider.provider();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        WinsockModel.control("silent_failed_connect", 0);
        WinsockModel.control("next_connect_pollerr_zero", 0);
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static HvSocketAddress randomLoopbackAddress() {
        return HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK,
                ThreadLocalRandom.current().nextLong(HvSocketAddress.MAX_VSOCK_PORT + 1));
    }

    private ServerSocketChannel listener() throws IOException {
        ServerSocketChannel server = track(provider.openServerSocketChannel(HvProtocolFamily.HYPERV));
        server.bind(randomLoopbackAddress());
        return server;
    }

    @Test
    void aSocketHandleIsNoFileDescriptorOfTheProcess() throws IOException {
        SocketChannel channel = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        long handle = ((NativeSelectableChannel) channel).handle();
        // a SOCKET is a kernel handle, a multiple of 4 (Microsoft Learn, "Socket Handles"); the model's are far
        // above the fds, so a handle passed where an fd is expected (or back) cannot work by accident
        assertEquals(0, handle % 4, "a handle: " + handle);
        assertFalse(Files.exists(Path.of("/proc/self/fd/" + handle)), "handle " + handle + " is also an fd");
    }

    @Test
    void aWsaPollThatFailsForTheWholeArrayFailsTheSelectAndTheSelectorWorksAfterwards() throws IOException {
        Selector selector = track(provider.openSelector());
        SocketChannel client = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        ServerSocketChannel server = listener();
        client.connect(server.getLocalAddress());
        SocketChannel accepted = track(server.accept());
        accepted.configureBlocking(false);
        accepted.register(selector, SelectionKey.OP_READ);

        WinsockModel.control("wsapoll_fails", 1); // this thread's next WSAPoll
        IOException e = assertThrows(IOException.class, () -> selector.select(1000));
        assertTrue(e.getMessage().contains("WSAENETDOWN"), e.toString());

        client.write(ByteBuffer.wrap(new byte[] {7}));
        assertEquals(1, selector.select(10_000), "the selector polls again after a failed WSAPoll");
    }

    @Test
    void aFailedConnectThatWsaPollNeverReportsIsFoundThroughSoError() throws IOException {
        // Before Windows 10 2004 WSAPoll never reports a non-blocking connect that failed (Microsoft Learn,
        // WSAPoll, Remarks): the model stays silent too, and only SO_ERROR knows
        WinsockModel.control("silent_failed_connect", 1);
        HvSocketAddress nobody = randomLoopbackAddress();
        Selector selector = track(provider.openSelector());
        SocketChannel client = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        client.configureBlocking(false);
        assertFalse(client.connect(nobody), "a non-blocking connect on Windows is pending first (WSAEWOULDBLOCK)");
        client.register(selector, SelectionKey.OP_CONNECT);
        long start = System.nanoTime();
        assertEquals(1, selector.select(10_000), "the failed connect is found");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "found within the poll's slices");
        ConnectException e = assertThrows(ConnectException.class, client::finishConnect);
        assertTrue(e.getMessage().contains("WSAECONNREFUSED"), e.toString());

        SocketChannel blocking = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        assertThrows(ConnectException.class, () -> blocking.connect(nobody), "a blocking connect, alike");
    }

    @Test
    void aConnectThatWsaPollReportsWithPollErrWhileSoErrorIsZeroIsNotConnected() throws IOException {
        ServerSocketChannel server = listener();
        Selector selector = track(provider.openSelector());
        SocketChannel client = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        client.configureBlocking(false);
        // switched on only now: opening the selector connects its wakeup pair, which took the fault before
        WinsockModel.control("next_connect_pollerr_zero", 1);
        assertFalse(client.connect(server.getLocalAddress()));
        client.register(selector, SelectionKey.OP_CONNECT);
        assertEquals(1, selector.select(10_000));
        // the JDK treats POLLERR as a failed connect: finishConnect must not declare this socket connected
        assertThrows(IOException.class, client::finishConnect);
        assertFalse(client.isConnected());
    }

    @Test
    void aPeerResetMidStreamFailsTheReadWithConnectionResetAndWakesTheSelector() throws IOException {
        ServerSocketChannel server = listener();
        SocketChannel client = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        client.connect(server.getLocalAddress());
        SocketChannel accepted = track(server.accept());
        accepted.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        ByteBuffer three = ByteBuffer.allocate(3);
        while (three.hasRemaining()) {
            client.read(three);
        }
        Selector selector = track(provider.openSelector());
        client.configureBlocking(false);
        SelectionKey key = client.register(selector, SelectionKey.OP_READ);

        WinsockModel.control("reset", ((NativeSelectableChannel) client).handle());
        assertEquals(1, selector.select(10_000), "POLLHUP | POLLERR wakes a reader");
        assertTrue(key.isReadable());
        SocketException e = assertThrows(SocketException.class, () -> client.read(ByteBuffer.allocate(8)));
        assertTrue(e.getMessage().contains("WSAECONNRESET"), e.toString());
        IOException w = assertThrows(IOException.class, () -> client.write(ByteBuffer.wrap(new byte[] {1})));
        assertFalse(w.getMessage().contains("EPIPE"), "Windows has no EPIPE: " + w);
    }

    @Test
    void aWriteToAClosedPeerFailsWithAWinsockErrorNeverEpipe() throws Exception {
        ServerSocketChannel server = listener();
        SocketChannel client = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        client.connect(server.getLocalAddress());
        server.accept().close();
        IOException e = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                client.write(ByteBuffer.allocate(65536));
            }
        });
        assertFalse(e.getMessage().contains("EPIPE"), e.toString());
        assertTrue(e.getMessage().contains("WSAECONNRESET") || e.getMessage().contains("WSAECONNABORTED"),
                e.toString());
    }

    @Test
    void selectorsStillWakeUpWhereAfUnixIsMissing() throws IOException {
        // Windows before 10 1803 has no AF_UNIX: the wakeup pair falls back to loopback TCP (the JDK's PipeImpl)
        long before = WinsockModel.control("no_unix", 1);
        try (Selector selector = provider.openSelector()) {
            selector.wakeup();
            assertEquals(0, selector.select(10_000));
            long start = System.nanoTime();
            assertEquals(0, selector.select(50));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(40), "a drained wakeup");
        } finally {
            WinsockModel.control("no_unix", before);
        }
    }
}
