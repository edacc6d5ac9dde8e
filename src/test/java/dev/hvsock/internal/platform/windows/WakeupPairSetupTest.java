package dev.hvsock.internal.platform.windows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
        public long accept(long listener) throws IOException {
            return put(((ServerSocketChannel) open.get(listener)).accept());
        }

        @Override
        public void write(long socket, byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ((SocketChannel) open.get(socket)).write(buffer);
            }
        }

        @Override
        public void read(long socket, byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                if (((SocketChannel) open.get(socket)).read(buffer) < 0) {
                    throw new IOException("end of stream");
                }
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
            read(pair.source(), in);
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
            assertEquals(-1, strangers.getFirst().read(ByteBuffer.allocate(1)), "the stranger was hung up on");
        } finally {
            crowded.closeAll();
            for (SocketChannel stranger : strangers) {
                stranger.close();
            }
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
