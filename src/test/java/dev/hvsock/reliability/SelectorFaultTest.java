package dev.hvsock.reliability;

import dev.hvsock.testing.LinuxHostFeature;
import dev.hvsock.testing.LinuxHostTest;
import dev.hvsock.internal.select.NativeSelectableChannel;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Selector faults, on both poll sets: a selector closed while channels are registered (and while a
 * thread selects), a channel closed while registered with two selectors, and wakeup() storms.
 */
@LinuxHostTest(LinuxHostFeature.PROC_SELF_FD)
@Timeout(120)
class SelectorFaultTest {

    /** Connected pairs from {@code provider} over AF_UNIX; blocking. */
    static List<SocketChannel[]> pairs(SelectorProvider provider, int count) throws Exception {
        List<SocketChannel[]> list = new ArrayList<>();
        try (ServerSocketChannel listener = provider.openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            listener.bind(null, count + 1);
            try {
                for (int i = 0; i < count; i++) {
                    SocketChannel c = provider.openSocketChannel(StandardProtocolFamily.UNIX);
                    c.connect(listener.getLocalAddress());
                    list.add(new SocketChannel[] {c, listener.accept()});
                }
            } finally {
                // the file bind(null) made stays until the application deletes it, as with the JDK
                Files.delete(((UnixDomainSocketAddress) listener.getLocalAddress()).getPath());
            }
        }
        return list;
    }

    static void closeAll(List<SocketChannel[]> pairs) throws Exception {
        for (SocketChannel[] p : pairs) {
            p[0].close();
            p[1].close();
        }
    }

    @ParameterizedTest
    @EnumSource(Providers.class)
    void selectorClosedWhileChannelsAreRegisteredAndAThreadSelects(Providers which) throws Exception {
        SelectorProvider provider = which.get();
        ProcessResources.startProcessWideState();
        List<String> before = ProcessResources.socketLikeFds();
        List<SocketChannel[]> pairs = pairs(provider, 50);
        Selector selector = provider.openSelector();
        List<SelectionKey> keys = new ArrayList<>();
        for (SocketChannel[] p : pairs) {
            p[0].configureBlocking(false);
            keys.add(p[0].register(selector, SelectionKey.OP_READ));
        }
        AtomicReferenceHolder error = new AtomicReferenceHolder();
        Thread selecting = Threads.start(Threads.Kind.PLATFORM, "selecting", () -> {
            try {
                selector.select();
            } catch (Throwable e) {
                error.set(e);
            }
        });
        Threads.awaitBlockedIn(selecting, "HvSelector.blockingPoll");
        selector.close();
        Threads.join(selecting);
        assertNull(error.get(), "select returns when its selector is closed");
        for (int i = 0; i < pairs.size(); i++) {
            SocketChannel ch = pairs.get(i)[0];
            assertFalse(keys.get(i).isValid(), "keys of a closed selector are cancelled");
            assertFalse(ch.isRegistered(), "and deregistered");
            assertTrue(ch.isOpen(), "the channels stay open");
        }
        // still usable: blocking mode again, and a round trip
        for (SocketChannel[] p : pairs) {
            p[0].configureBlocking(true);
            Pair.transfer(p[0], p[1], 1000, (byte) 1);
            Pair.transfer(p[1], p[0], 1000, (byte) 2);
        }
        closeAll(pairs);
        List<String> leaked = ProcessResources.leakedSince(before);
        assertTrue(leaked.isEmpty(), "descriptors left open: " + leaked);
    }

    @ParameterizedTest
    @EnumSource(Providers.class)
    void channelClosedWhileRegisteredWithTwoSelectorsKeepsItsHandleUntilBothLetGo(Providers which) throws Exception {
        SelectorProvider provider = which.get();
        List<SocketChannel[]> pairs = pairs(provider, 1);
        SocketChannel ch = pairs.get(0)[0];
        SocketChannel peer = pairs.get(0)[1];
        long fd = ((NativeSelectableChannel) ch).handle();
        String target = ProcessResources.fdTarget(fd);
        assertNotNull(target);
        try (Selector s1 = provider.openSelector(); Selector s2 = provider.openSelector()) {
            ch.configureBlocking(false);
            ch.register(s1, SelectionKey.OP_READ);
            ch.register(s2, SelectionKey.OP_READ);
            s1.selectNow();
            s2.selectNow();
            ch.close();
            assertFalse(ch.isOpen());
            assertEquals(target, ProcessResources.fdTarget(fd), "descriptor kept while both selectors hold it");
            assertEquals(-1, peer.read(ByteBuffer.allocate(10)), "the peer sees EOF at once");

            s1.selectNow();
            assertEquals(target, ProcessResources.fdTarget(fd), "descriptor kept while one selector still holds it");
            assertTrue(ch.isRegistered(), "still registered with the second selector");

            s2.selectNow();
            assertFalse(ch.isRegistered());
            String now = ProcessResources.fdTarget(fd);
            assertFalse(target.equals(now), "descriptor released once both selectors let go (now " + now + ")");
            assertEquals(0, s1.keys().size() + s2.keys().size());
        } finally {
            peer.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Providers.class)
    void wakeupStormLeavesSelectorWorking(Providers which) throws Exception {
        SelectorProvider provider = which.get();
        ProcessResources.startProcessWideState();
        List<String> before = ProcessResources.socketLikeFds();
        int threads = 4;
        int wakeupsEach = Figures.intProperty("hvsock.storm.wakeups", 50_000);
        List<SocketChannel[]> pairs = pairs(provider, 1);
        SocketChannel ch = pairs.get(0)[0];
        try (Selector selector = provider.openSelector()) {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            AtomicBoolean storming = new AtomicBoolean(true);
            AtomicLong selects = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            Thread selecting = Threads.start(Threads.Kind.PLATFORM, "storm-selector", () -> {
                try {
                    while (storming.get()) {
                        int n = selector.select();
                        if (n != 0 || !selector.selectedKeys().isEmpty()) {
                            throw new AssertionError("a wakeup selected a key: " + selector.selectedKeys());
                        }
                        selects.incrementAndGet();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            List<Thread> wakers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Threads.Kind kind = t % 2 == 0 ? Threads.Kind.PLATFORM : Threads.Kind.VIRTUAL;
                wakers.add(Threads.start(kind, "waker-" + t, () -> {
                    for (int i = 0; i < wakeupsEach; i++) {
                        selector.wakeup();
                    }
                }));
            }
            for (Thread w : wakers) {
                Threads.join(w);
            }
            storming.set(false);
            selector.wakeup();
            Threads.join(selecting);
            assertTrue(errors.isEmpty(), () -> "selecting thread failed: " + errors.peek());
            assertTrue(selects.get() >= 1, "the selecting thread was woken");

            // after the storm: one pending wakeup at most, then real readiness still reported
            selector.selectNow();
            pairs.get(0)[1].write(ByteBuffer.wrap(new byte[] {42}));
            assertEquals(1, selector.select(), "readiness after a storm");
            assertTrue(selector.selectedKeys().contains(key));
            Figures.report("wakeup-storm-" + which, "wakeups / selects returned",
                    (long) threads * wakeupsEach + " / " + selects.get());
        } finally {
            closeAll(pairs);
        }
        List<String> leaked = ProcessResources.leakedSince(before);
        assertTrue(leaked.isEmpty(), "descriptors left open: " + leaked);
    }

    private static final class AtomicReferenceHolder extends java.util.concurrent.atomic.AtomicReference<Throwable> {
    }
}
