package dev.hvsock.reliability;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.HvSocketOptions;
import dev.hvsock.VsockAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public entry point given bad input gets the documented exception, with a message where the
 * library writes one, and the channel is left as it was: each test ends with a successful round trip
 * over the very channels that were fed the bad input.
 */
@Timeout(60)
class BadInputTest {
    private static final SelectorProvider PROVIDER = HvSelectorProvider.provider();
    private static int rejected;

    /** Runs {@code call}, expects {@code type}, and checks a library-written message is there and says something. */
    private static <T extends Throwable> T rejects(Class<T> type, Executable call) {
        T e = assertThrows(type, call);
        rejected++;
        return e;
    }

    private static void messageMentions(Throwable e, String... words) {
        assertNotNull(e.getMessage(), e + " has no message");
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "message '" + e.getMessage() + "' does not mention " + w);
        }
    }

    @Test
    void nullsAreRejectedAndChannelsStayUsable() throws Exception {
        rejects(NullPointerException.class, () -> PROVIDER.openSocketChannel(null));
        rejects(NullPointerException.class, () -> PROVIDER.openServerSocketChannel(null));
        try (Pair p = Pair.open(Transport.UNIX); Selector selector = PROVIDER.openSelector();
             ServerSocketChannel listener = Transport.UNIX.listen(1)) {
            SocketChannel ch = p.client();
            rejects(NullPointerException.class, () -> ch.read((ByteBuffer) null));
            rejects(NullPointerException.class, () -> ch.write((ByteBuffer) null));
            rejects(NullPointerException.class, () -> ch.read((ByteBuffer[]) null));
            rejects(NullPointerException.class, () -> ch.write((ByteBuffer[]) null));
            rejects(NullPointerException.class, () -> ch.write(new ByteBuffer[] {ByteBuffer.allocate(1), null}));
            rejects(NullPointerException.class, () -> ch.read(new ByteBuffer[] {ByteBuffer.allocate(1), null}));
            rejects(NullPointerException.class, () -> ch.connect(null));
            rejects(NullPointerException.class, () -> ch.setOption(null, 1));
            rejects(NullPointerException.class, () -> ch.getOption(null));
            rejects(IllegalArgumentException.class, () -> ch.setOption(StandardSocketOptions.SO_SNDBUF, null));
            rejects(NullPointerException.class, () -> listener.setOption(null, 1));
            rejects(NullPointerException.class, () -> listener.getOption(null));
            rejects(NullPointerException.class, () -> selector.select((Consumer<SelectionKey>) null));
            rejects(NullPointerException.class, () -> selector.selectNow(null));
            ch.configureBlocking(false);
            rejects(NullPointerException.class, () -> ch.register(null, SelectionKey.OP_READ));
            ch.configureBlocking(true);
            p.roundTrip(64 * 1024);
        }
        rejects(NullPointerException.class, () -> HvSocketAddress.of(null, UUID.randomUUID()));
        rejects(NullPointerException.class, () -> HvSocketAddress.of(UUID.randomUUID(), null));
        rejects(NullPointerException.class, () -> HvSocketAddress.parse(null));
        rejects(NullPointerException.class, () -> HvSocketAddress.vsockPort(null));
        rejects(NullPointerException.class, () -> VsockAddress.parse(null));
    }

    @Test
    void wrongAddressTypesAreUnsupportedAndChangeNothing() throws Exception {
        SocketAddress[] notUnix = {new InetSocketAddress("127.0.0.1", 9), VsockAddress.of(1, 5000),
                HvSocketAddress.parse("loopback:5000"), new SocketAddress() { }};
        try (Pair p = Pair.open(Transport.UNIX); SocketChannel fresh = Transport.UNIX.open();
             ServerSocketChannel listener = PROVIDER.openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            for (SocketAddress a : notUnix) {
                rejects(UnsupportedAddressTypeException.class, () -> fresh.connect(a));
                rejects(UnsupportedAddressTypeException.class, () -> fresh.bind(a));
                rejects(UnsupportedAddressTypeException.class, () -> listener.bind(a));
                rejects(UnsupportedAddressTypeException.class, () -> p.client().connect(a));
            }
            assertTrue(fresh.isOpen(), "a rejected address leaves the channel open");
            assertFalse(fresh.isConnectionPending());
            assertEquals(null, listener.getLocalAddress(), "a rejected bind leaves the listener unbound");
            listener.bind(null);
            fresh.connect(listener.getLocalAddress());
            try (SocketChannel accepted = listener.accept()) {
                new Pair(fresh, accepted).roundTrip(10_000);
            } finally {
                // the file bind(null) made stays until the application deletes it, as with the JDK
                Files.delete(((UnixDomainSocketAddress) listener.getLocalAddress()).getPath());
            }
            p.roundTrip(10_000);
        }
        try (SocketChannel vsock = PROVIDER.openSocketChannel(HvProtocolFamily.VSOCK)) {
            // rejected before any system call: nothing is connected
            rejects(UnsupportedAddressTypeException.class, () -> vsock.connect(UnixDomainSocketAddress.of("/tmp/x")));
            rejects(UnsupportedAddressTypeException.class, () -> vsock.connect(new InetSocketAddress("127.0.0.1", 9)));
            rejects(UnsupportedAddressTypeException.class, () -> vsock.bind(UnixDomainSocketAddress.of("/tmp/x")));
            IllegalArgumentException e = rejects(IllegalArgumentException.class,
                    () -> vsock.connect(HvSocketAddress.of(HvSocketAddress.LOOPBACK, UUID.randomUUID())));
            messageMentions(e, "not a vsock port");
            e = rejects(IllegalArgumentException.class, () -> vsock.connect(HvSocketAddress.parse("wildcard:5000")));
            messageMentions(e, "wildcard");
            assertTrue(vsock.isOpen());
            assertFalse(vsock.isConnected());
        }
        rejects(UnsupportedOperationException.class, () -> PROVIDER.openSocketChannel(StandardProtocolFamily.INET));
        rejects(UnsupportedOperationException.class, () -> PROVIDER.openSocketChannel(HvProtocolFamily.HYPERV));
        rejects(UnsupportedOperationException.class, PROVIDER::openDatagramChannel);
        rejects(UnsupportedOperationException.class, PROVIDER::openPipe);
    }

    @Test
    void outOfRangePortsAndCidsAndMalformedTextAreRejectedWithTheReason() {
        long[] bad = {-1, 0x1_0000_0000L, Long.MIN_VALUE, Long.MAX_VALUE};
        for (long v : bad) {
            messageMentions(rejects(IllegalArgumentException.class, () -> VsockAddress.of(v, 1)), "CID");
            messageMentions(rejects(IllegalArgumentException.class, () -> VsockAddress.of(1, v)), "port");
            messageMentions(rejects(IllegalArgumentException.class,
                    () -> HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK, v)), "port");
            messageMentions(rejects(IllegalArgumentException.class, () -> HvSocketAddress.vsockServiceId(v)), "port");
        }
        // a vsock port above 0x7FFFFFFF is a port (VsockAddress), but no Hyper-V service id (hvsocket.h)
        messageMentions(rejects(IllegalArgumentException.class,
                () -> HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK, 0x8000_0000L)), "port");
        String[] badVsock = {"", ":", "vsock:", "vsock:1", "vsock:1:2:3", "1:4294967296", "4294967296:1", "-1:5",
                "1:-5", "vsock:x:1", "1: 99999999999", "1:0x10", "１:1", "1:5 0"};
        for (String s : badVsock) {
            messageMentions(rejects(IllegalArgumentException.class, () -> VsockAddress.parse(s)), "vsock");
        }
        String[] badHv = {"", ":", "loopback", "loopback:", "parent:4294967296", "parent:2147483648",
                "parent:99999999999", "a:b:c", "nobody:5000", "{e0e16197-dd56-4a10-9195-5ee7a155a838:1",
                "e0e16197dd564a1091955ee7a155a838:1",
                "e0e16197-dd56-4a10-9195-5ee7a155a83:1", "e0e16197-dd56-4a10-9195-5ee7a155a8388:1",
                "e0e16197-dd56-4a10-9195_5ee7a155a838:1", "g0e16197-dd56-4a10-9195-5ee7a155a838:1",
                "0-0-0-0-0:1", "loopback:0-0-0-0-0", "loopback:{00000000-facb-11e6-bd58-64006a7986d3",
                "loopback:-1", "loopback:+5", "loopback:５０００"};
        for (String s : badHv) {
            IllegalArgumentException e = rejects(IllegalArgumentException.class, () -> HvSocketAddress.parse(s));
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
        messageMentions(rejects(IllegalArgumentException.class,
                () -> dev.hvsock.internal.platform.Guids.fromBytes(new byte[15])), "16");
    }

    @Test
    void readOnlyAndOversizedBuffersAndBadRangesLeaveTheChannelUsable() throws Exception {
        try (Pair p = Pair.open(Transport.UNIX)) {
            ByteBuffer ro = ByteBuffer.allocate(10).asReadOnlyBuffer();
            rejects(IllegalArgumentException.class, () -> p.client().read(ro));
            rejects(IllegalArgumentException.class,
                    () -> p.client().read(new ByteBuffer[] {ByteBuffer.allocate(1), ro}));
            rejects(IndexOutOfBoundsException.class, () -> p.client().read(new ByteBuffer[2], -1, 1));
            rejects(IndexOutOfBoundsException.class, () -> p.client().read(new ByteBuffer[2], 1, 2));
            rejects(IndexOutOfBoundsException.class, () -> p.client().write(new ByteBuffer[2], 0, 3));
            p.roundTrip(1000);

            // oversized: a 64 MiB write in blocking mode is written whole; 2,000 buffers (more than IOV_MAX,
            // and more than the heap bounce area) in one gathering write, and a scattering read over 3,000
            int big = 64 << 20;
            byte[] data = PeerFailureTest.pattern(big);
            Thread writer = Threads.start(Threads.Kind.PLATFORM, "big-writer", () -> {
                try {
                    ByteBuffer b = ByteBuffer.wrap(data);
                    assertEquals(big, p.client().write(b));
                    ByteBuffer[] many = new ByteBuffer[2000];
                    for (int i = 0; i < many.length; i++) {
                        many[i] = ByteBuffer.wrap(data, i * 1000, 1000);
                    }
                    assertEquals(2_000_000L, p.client().write(many));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            ByteBuffer got = ByteBuffer.allocateDirect(big);
            while (got.hasRemaining()) {
                assertTrue(p.server().read(got) > 0);
            }
            assertEquals(ByteBuffer.wrap(data), got.flip(), "the 64 MiB write arrived whole");
            ByteBuffer[] parts = new ByteBuffer[3000];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = i % 2 == 0 ? ByteBuffer.allocate(1000) : ByteBuffer.allocateDirect(1000);
            }
            long total = 0;
            while (total < 2_000_000L) {
                total += p.server().read(parts);
            }
            Threads.join(writer);
            for (int i = 0; i < 2000; i++) {
                assertEquals(ByteBuffer.wrap(data, i * 1000, 1000), parts[i].flip(), "scattered part " + i);
            }
            p.roundTrip(1000);
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void negativeTimeoutsWrongOptionTypesAndWrongSelectorsAreRejected() throws Exception {
        try (Pair p = Pair.open(Transport.UNIX); Selector selector = PROVIDER.openSelector();
             ServerSocketChannel listener = Transport.UNIX.listen(1);
             Selector jdkSelector = Selector.open()) {
            messageMentions(rejects(IllegalArgumentException.class, () -> selector.select(-1)), "-1");
            rejects(IllegalArgumentException.class, () -> selector.select(k -> { }, -1));
            rejects(IllegalArgumentException.class, () -> p.client().socket().setSoTimeout(-1));
            rejects(IllegalArgumentException.class, () -> listener.socket().setSoTimeout(-1));
            rejects(IllegalArgumentException.class, () -> p.client().socket().connect(listener.getLocalAddress(), -1));

            SocketOption raw = StandardSocketOptions.SO_SNDBUF;
            messageMentions(rejects(IllegalArgumentException.class,
                    () -> p.client().setOption(raw, "big")), "SO_SNDBUF");
            rejects(IllegalArgumentException.class,
                    () -> p.client().setOption((SocketOption) StandardSocketOptions.SO_LINGER, true));
            rejects(IllegalArgumentException.class, () -> p.client().setOption(StandardSocketOptions.SO_SNDBUF, -1));
            rejects(IllegalArgumentException.class,
                    () -> listener.setOption((SocketOption) StandardSocketOptions.SO_RCVBUF, 1L));
            messageMentions(rejects(UnsupportedOperationException.class,
                    () -> p.client().setOption(StandardSocketOptions.TCP_NODELAY, true)), "TCP_NODELAY");
            rejects(UnsupportedOperationException.class,
                    () -> p.client().getOption(StandardSocketOptions.SO_KEEPALIVE));
            rejects(UnsupportedOperationException.class,
                    () -> p.client().setOption(HvSocketOptions.CONNECT_TIMEOUT, 5));
            rejects(UnsupportedOperationException.class,
                    () -> listener.setOption(StandardSocketOptions.SO_REUSEADDR, true));

            rejects(IllegalBlockingModeException.class, () -> p.client().register(selector, SelectionKey.OP_READ));
            p.client().configureBlocking(false);
            rejects(IllegalArgumentException.class, () -> p.client().register(selector, SelectionKey.OP_ACCEPT));
            rejects(IllegalSelectorException.class, () -> p.client().register(jdkSelector, SelectionKey.OP_READ));
            SelectionKey key = p.client().register(selector, SelectionKey.OP_READ);
            rejects(IllegalArgumentException.class, () -> key.interestOps(SelectionKey.OP_ACCEPT));
            rejects(IllegalArgumentException.class, () -> key.interestOpsOr(-1));
            assertEquals(SelectionKey.OP_READ, key.interestOps(), "a rejected interest set changes nothing");
            key.cancel();
            selector.selectNow();
            p.client().configureBlocking(true);
            p.roundTrip(10_000);
            assertEquals(8192 <= p.client().getOption(StandardSocketOptions.SO_SNDBUF), true);
        }
        try (SocketChannel vsock = PROVIDER.openSocketChannel(HvProtocolFamily.VSOCK)) {
            rejects(IllegalArgumentException.class, () -> vsock.setOption(HvSocketOptions.CONNECT_TIMEOUT, -1));
            rejects(IllegalArgumentException.class, () -> vsock.setOption(HvSocketOptions.CONNECT_TIMEOUT, 0));
            rejects(IllegalArgumentException.class, () -> vsock.setOption(HvSocketOptions.VSOCK_BUFFER_SIZE, -1L));
            rejects(IllegalArgumentException.class,
                    () -> vsock.setOption((SocketOption) HvSocketOptions.VSOCK_BUFFER_SIZE, 1));
            assertTrue(vsock.isOpen());
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void reportCount() {
        Figures.report("bad-input", "bad calls rejected with the documented exception", rejected);
    }
}
