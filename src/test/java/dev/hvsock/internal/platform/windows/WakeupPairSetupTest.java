package dev.hvsock.internal.platform.windows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the Windows wakeup's socket pair is made and how, with the JDK's own channels standing in for the
 * Windows platform's sockets: the directory, the names that fit, the fallback to loopback TCP, and the secret
 * that keeps a stranger's connection out.
 */
class WakeupPairSetupTest {
    private final JdkSockets sockets = new JdkSockets();
    private final SecureRandom random = new SecureRandom();

    @AfterEach
    void closeEverything() {
        sockets.closeAll();
    }

    /** The setup's socket calls over blocking JDK channels, by handle; any of them can be made to fail. */
    private static class JdkSockets implements WakeupPairSetup.Sockets {
        final Map<Long, Channel> open = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        /** Each read: the handle, and the time it was given. */
        final List<String> reads = new ArrayList<>();
        long next = 100;
        boolean unixFails;

        long put(Channel channel) {
            open.put(next, channel);
            return next++;
        }

        @Override
        public long listen(SocketAddress address) throws IOException {
            calls.add("listen " + (address instanceof UnixDomainSocketAddress ? "unix" : "tcp"));
            if (unixFails && address instanceof UnixDomainSocketAddress) {
                throw new IOException("bind: An address incompatible with the requested protocol was used "
                        + "(WSAEAFNOSUPPORT)");
            }
            ServerSocketChannel listener = ServerSocketChannel.open(address instanceof UnixDomainSocketAddress
                    ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
            listener.bind(address);
            return put(listener);
        }

        @Override
        public SocketAddress connectAddress(long listener, SocketAddress bound) throws IOException {
            return ((ServerSocketChannel) open.get(listener)).getLocalAddress();
        }

        @Override
        public long connect(SocketAddress address) throws IOException {
            return put(SocketChannel.open(address));
        }

        @Override
        public long accept(long listener, SocketAddress[] peer) throws IOException {
            SocketChannel accepted = ((ServerSocketChannel) open.get(listener)).accept();
            peer[0] = accepted.getRemoteAddress();
            return put(accepted);
        }

        @Override
        public SocketAddress localAddress(long socket) throws IOException {
            return ((SocketChannel) open.get(socket)).getLocalAddress();
        }

        @Override
        public void write(long socket, byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ((SocketChannel) open.get(socket)).write(buffer);
            }
        }

        @Override
        public void read(long socket, byte[] bytes, long timeoutMillis) throws IOException {
            reads.add(socket + " within " + timeoutMillis + " ms");
            SocketChannel channel = (SocketChannel) open.get(socket);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            channel.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
                while (buffer.hasRemaining()) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        throw new IOException("receive timed out after " + timeoutMillis + " ms");
                    }
                    selector.select(left);
                    if (channel.read(buffer) < 0) {
                        throw new IOException("end of stream");
                    }
                }
            } finally {
                channel.configureBlocking(true);
            }
        }

        @Override
        public void noDelay(long socket) throws IOException {
            calls.add("noDelay " + socket);
            ((SocketChannel) open.get(socket)).setOption(StandardSocketOptions.TCP_NODELAY, true);
        }

        @Override
        public void close(long socket) {
            try {
                open.remove(socket).close();
            } catch (IOException ignored) {
                // closing quietly, as the setup wants
            }
        }

        void closeAll() {
            for (Channel channel : open.values()) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the test is over
                }
            }
        }

        /** A byte through the pair, sink to source. */
        void assertConnected(WakeupPairSetup.Pair pair) throws IOException {
            write(pair.sink(), new byte[]{42});
            byte[] in = new byte[1];
            read(pair.source(), in, 1000);
            assertEquals(42, in[0]);
            assertEquals(2, open.size(), "only the pair is left open: " + open.keySet());
        }
    }

    @Test
    void theDirectoryIsTheJdksWindowsChoiceInItsOrder() {
        assertEquals("D:\\sockets", WakeupPairSetup.directory("D:\\sockets", "C:\\Temp", "C:\\java-tmp"));
        assertEquals("C:\\Temp", WakeupPairSetup.directory(null, "C:\\Temp", "C:\\java-tmp"));
        assertEquals("C:\\Temp", WakeupPairSetup.directory("", "C:\\Temp", "C:\\java-tmp"));
        assertEquals("C:\\java-tmp", WakeupPairSetup.directory(null, null, "C:\\java-tmp"));
        assertNull(WakeupPairSetup.directory(null, "", null));
    }

    @Test
    void aFewRandomNamesThatFitComeFirstThenLoopbackTcp(@TempDir Path dir) {
        List<SocketAddress> candidates = WakeupPairSetup.candidates(dir.toString(),
                WindowsSocketAddresses.UNIX_PATHS, new SplittableRandom(1));
        assertEquals(WakeupPairSetup.UNIX_NAMES + 1, candidates.size());
        for (SocketAddress unix : candidates.subList(0, WakeupPairSetup.UNIX_NAMES)) {
            Path path = ((UnixDomainSocketAddress) unix).getPath();
            assertEquals(dir, path.getParent());
            assertTrue(path.getFileName().toString().startsWith("hvsock-"), path.toString());
        }
        assertEquals(WakeupPairSetup.UNIX_NAMES, candidates.stream().distinct().count() - 1, "distinct names");
        InetSocketAddress tcp = assertInstanceOf(InetSocketAddress.class, candidates.getLast());
        assertEquals("127.0.0.1", tcp.getAddress().getHostAddress());
        assertEquals(0, tcp.getPort());
    }

    @Test
    void aDirectoryWhosePathLeavesNoRoomInSunPathGoesStraightToTcp() {
        // Windows' sun_path holds 108 bytes with the terminating NUL; this path is 107 before any name
        String deep = "C:\\" + "d".repeat(104);
        assertEquals(List.of(WakeupPairSetup.LOOPBACK_TCP),
                WakeupPairSetup.candidates(deep, WindowsSocketAddresses.UNIX_PATHS, new SplittableRandom(1)));
        assertEquals(List.of(WakeupPairSetup.LOOPBACK_TCP),
                WakeupPairSetup.candidates(null, WindowsSocketAddresses.UNIX_PATHS, new SplittableRandom(1)));
    }

    @Test
    void aUnixPairIsMadeAndItsFileIsGone(@TempDir Path dir) throws IOException {
        List<SocketAddress> candidates = WakeupPairSetup.candidates(dir.toString(),
                WindowsSocketAddresses.UNIX_PATHS, new SplittableRandom(2));
        WakeupPairSetup.Pair pair = WakeupPairSetup.connect(sockets, candidates, random);
        assertInstanceOf(UnixDomainSocketAddress.class, pair.where());
        sockets.assertConnected(pair);
        assertFalse(Files.exists(((UnixDomainSocketAddress) pair.where()).getPath()), "the listener's file");
        assertEquals(List.of("listen unix"), sockets.calls, "no TCP_NODELAY for a Unix pair");
    }

    @Test
    void whereAfUnixFailsTheWakeupFallsBackToLoopbackTcpWithNoDelay(@TempDir Path dir) throws IOException {
        sockets.unixFails = true;
        List<SocketAddress> candidates = WakeupPairSetup.candidates(dir.toString(),
                WindowsSocketAddresses.UNIX_PATHS, new SplittableRandom(3));
        WakeupPairSetup.Pair pair = WakeupPairSetup.connect(sockets, candidates, random);
        assertInstanceOf(InetSocketAddress.class, pair.where());
        sockets.assertConnected(pair);
        assertEquals(List.of("listen unix", "listen unix", "listen unix", "listen tcp", "noDelay " + pair.sink()),
                sockets.calls);
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing left in the directory");
        }
    }

    @Test
    void aStrangersConnectionIsDroppedAndOursIsKept() throws IOException {
        List<SocketChannel> strangers = new ArrayList<>();
        JdkSockets crowded = new JdkSockets() {
            @Override
            public long connect(SocketAddress address) throws IOException {
                // someone else connects first and says something else
                SocketChannel stranger = SocketChannel.open(address);
                stranger.write(ByteBuffer.wrap(new byte[WakeupPairSetup.SECRET_BYTES]));
                strangers.add(stranger);
                return super.connect(address);
            }
        };
        try {
            WakeupPairSetup.Pair pair = WakeupPairSetup.connect(crowded, List.of(WakeupPairSetup.LOOPBACK_TCP),
                    random);
            crowded.assertConnected(pair);
            assertHungUp(strangers.getFirst());
        } finally {
            crowded.closeAll();
            for (SocketChannel stranger : strangers) {
                stranger.close();
            }
        }
    }

    @Test
    void aTcpConnectionFromAnotherAddressIsDroppedUnread() throws IOException {
        List<SocketChannel> strangers = new ArrayList<>();
        List<Long> strangerHandles = new ArrayList<>();
        JdkSockets crowded = new JdkSockets() {
            @Override
            public long connect(SocketAddress address) throws IOException {
                // another local process connects first, and even knows what to send (it cannot, but it would
                // not matter): it is dropped for where it comes from, before anything is read from it
                SocketChannel stranger = SocketChannel.open(address);
                stranger.write(ByteBuffer.wrap(new byte[WakeupPairSetup.SECRET_BYTES]));
                strangers.add(stranger);
                return super.connect(address);
            }

            @Override
            public long accept(long listener, SocketAddress[] peer) throws IOException {
                long handle = super.accept(listener, peer);
                if (strangers.stream().anyMatch(s -> {
                    try {
                        return s.getLocalAddress().equals(peer[0]);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })) {
                    strangerHandles.add(handle);
                }
                return handle;
            }
        };
        try {
            WakeupPairSetup.Pair pair = WakeupPairSetup.connect(crowded, List.of(WakeupPairSetup.LOOPBACK_TCP),
                    random);
            crowded.assertConnected(pair);
            assertEquals(1, strangerHandles.size(), "the stranger's connection was accepted");
            assertTrue(crowded.reads.stream().noneMatch(r -> r.startsWith(strangerHandles.getFirst() + " ")),
                    "and never read from (before: its 16 bytes were read and compared): " + crowded.reads);
            assertHungUp(strangers.getFirst());
        } finally {
            crowded.closeAll();
            for (SocketChannel stranger : strangers) {
                stranger.close();
            }
        }
    }

    @Test
    @Timeout(30)
    void aSilentStrangerCostsTheShortSecretTimeoutNotTheWholeSetup(@TempDir Path dir) throws IOException {
        // on AF_UNIX no address tells a stranger apart: it is read from, within SECRET_TIMEOUT_MILLIS
        List<SocketChannel> strangers = new ArrayList<>();
        JdkSockets crowded = new JdkSockets() {
            @Override
            public long connect(SocketAddress address) throws IOException {
                strangers.add(SocketChannel.open(address)); // connects first and says nothing
                return super.connect(address);
            }
        };
        try {
            List<SocketAddress> unix = WakeupPairSetup.candidates(dir.toString(), WindowsSocketAddresses.UNIX_PATHS,
                    new SplittableRandom(4)).subList(0, 1);
            long start = System.nanoTime();
            WakeupPairSetup.Pair pair = WakeupPairSetup.connect(crowded, unix, random);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            crowded.assertConnected(pair);
            assertEquals(WakeupPairSetup.SECRET_TIMEOUT_MILLIS + " ms",
                    crowded.reads.getFirst().substring(crowded.reads.getFirst().indexOf(" within ") + 8));
            assertTrue(millis >= WakeupPairSetup.SECRET_TIMEOUT_MILLIS - 50, "the silent stranger was waited for: "
                    + millis + " ms");
        } finally {
            crowded.closeAll();
            for (SocketChannel stranger : strangers) {
                stranger.close();
            }
        }
    }

    /** The stranger's connection was closed: it reads the end, or a reset where its bytes were left unread. */
    private static void assertHungUp(SocketChannel stranger) {
        try {
            assertEquals(-1, stranger.read(ByteBuffer.allocate(1)), "the stranger was hung up on");
        } catch (IOException reset) {
            assertInstanceOf(java.net.SocketException.class, reset, "hung up on with a reset");
        }
    }

    @Test
    void whenNothingWorksTheFailureNamesEveryAttempt() {
        JdkSockets refusing = new JdkSockets() {
            @Override
            public long listen(SocketAddress address) throws IOException {
                throw new IOException("listen on " + address + ": refused (WSAEACCES)");
            }
        };
        List<SocketAddress> candidates = List.of(UnixDomainSocketAddress.of("C:\\Temp\\hvsock-1"),
                WakeupPairSetup.LOOPBACK_TCP);
        IOException e = assertThrows(IOException.class, () -> WakeupPairSetup.connect(refusing, candidates, random));
        assertTrue(e.getMessage().startsWith("cannot make a wakeup socket pair; tried "), e.getMessage());
        assertEquals(2, e.getSuppressed().length);
        assertTrue(e.getSuppressed()[0].getMessage().contains("hvsock-1")
                && e.getSuppressed()[1].getMessage().contains("127.0.0.1"), e.getSuppressed()[1].getMessage());
    }
}
