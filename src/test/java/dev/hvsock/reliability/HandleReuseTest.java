package dev.hvsock.reliability;

import dev.hvsock.testing.LinuxHostFeature;
import dev.hvsock.testing.LinuxHostTest;
import dev.hvsock.internal.select.NativeSelectableChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A closed channel's descriptor number is reused by the kernel for the next socket; the library must
 * never act on that new socket through the old channel: not a selector through the old key (nor by
 * closing or deregistering the number a second time), not a blocked read woken by the close.
 */
@Timeout(300)
class HandleReuseTest {

    private static long fd(SocketChannel ch) {
        return ((NativeSelectableChannel) ch).handle();
    }

    @LinuxHostTest(LinuxHostFeature.PROC_SELF_FD)
    @ParameterizedTest
    @EnumSource(Providers.class)
    void selectorNeverActsOnASocketThatReusedAClosedChannelsNumber(Providers which) throws Exception {
        SelectorProvider provider = which.get();
        int rounds = Figures.intProperty("hvsock.reuse.rounds", 1000);
        int reused = 0;
        try (Selector selector = provider.openSelector()) {
            for (int round = 0; round < rounds; round++) {
                List<SocketChannel[]> x = SelectorFaultTest.pairs(provider, 1);
                SocketChannel old = x.get(0)[0];
                old.configureBlocking(false);
                old.register(selector, SelectionKey.OP_READ, "old");
                selector.selectNow();
                long oldFd = fd(old);
                String oldTarget = ProcessResources.fdTarget(oldFd);
                old.close();                                   // deferred: the selector still has it
                assertEquals(oldTarget, ProcessResources.fdTarget(oldFd), "closed too early while registered");

                // opened before the deregistration
                List<SocketChannel[]> fresh = SelectorFaultTest.pairs(provider, 2);
                List<SocketChannel[]> later = new ArrayList<>();
                fresh.get(0)[0].configureBlocking(false);
                fresh.get(0)[0].register(selector, SelectionKey.OP_READ, "fresh");
                selector.selectNow();                          // deregisters the old key, closes its handle
                assertEquals(-1, x.get(0)[1].read(ByteBuffer.allocate(1)), "the old channel's peer sees EOF");
                later.addAll(SelectorFaultTest.pairs(provider, 1));                // may take the old number now
                SocketChannel reuser = later.get(0)[0];
                if (fd(reuser) == oldFd || fd(later.get(0)[1]) == oldFd) {
                    reused++;
                }
                reuser.configureBlocking(false);
                reuser.register(selector, SelectionKey.OP_READ, "reuser");

                String freshTarget = ProcessResources.fdTarget(fd(fresh.get(0)[0]));
                fresh.get(0)[1].write(ByteBuffer.wrap(new byte[] {1}));
                later.get(0)[1].write(ByteBuffer.wrap(new byte[] {2}));
                Set<Object> seen = new HashSet<>();
                for (int i = 0; i < 100 && seen.size() < 2; i++) {
                    selector.select(1000);
                    for (SelectionKey k : selector.selectedKeys()) {
                        assertFalse("old".equals(k.attachment()), "a cancelled key was selected");
                        seen.add(k.attachment());
                    }
                    selector.selectedKeys().clear();
                }
                assertEquals(Set.of("fresh", "reuser"), seen, "both live keys report their data");
                ByteBuffer b = ByteBuffer.allocate(2);
                assertEquals(1, fresh.get(0)[0].read(b));
                assertEquals(1, b.get(0), "the fresh socket's own byte");
                b.clear();
                assertEquals(1, reuser.read(b));
                assertEquals(2, b.get(0), "the reusing socket's own byte");
                assertEquals(freshTarget, ProcessResources.fdTarget(fd(fresh.get(0)[0])),
                        "no one closed the fresh socket's descriptor");
                SelectorFaultTest.closeAll(x);
                SelectorFaultTest.closeAll(fresh);
                SelectorFaultTest.closeAll(later);
                selector.selectNow();
            }
        }
        Figures.report("handle-reuse-selector-" + which, "rounds / rounds where a new socket got the closed number",
                rounds + " / " + reused);
        assertTrue(reused > 0, "the kernel never reused a number: the test proved nothing");
    }

    @Test
    void readWokenByCloseNeverReadsFromASocketThatReusedTheNumber() throws Exception {
        int rounds = Figures.intProperty("hvsock.reuse.readRounds", 300);
        int reused = 0;
        for (int round = 0; round < rounds; round++) {
            Pair x = Pair.open(Transport.UNIX);
            long oldFd = fd(x.client());
            ByteBuffer dst = ByteBuffer.allocate(64);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Threads.Kind kind = round % 2 == 0 ? Threads.Kind.PLATFORM : Threads.Kind.VIRTUAL;
            Thread reader = Threads.start(kind, "reader", () -> {
                try {
                    x.client().read(dst);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            Threads.awaitBlockedIn(reader, Threads.IO_WAIT);
            x.client().close();
            // new sockets with data waiting in both directions, opened while the reader is leaving
            List<Pair> intruders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Pair p = Pair.open(Transport.UNIX);
                p.client().write(ByteBuffer.wrap(new byte[] {9, 9, 9}));
                p.server().write(ByteBuffer.wrap(new byte[] {7, 7, 7}));
                intruders.add(p);
                if (fd(p.client()) == oldFd || fd(p.server()) == oldFd) {
                    reused++;
                }
            }
            Threads.join(reader);
            assertInstanceOf(AsynchronousCloseException.class, thrown.get());
            assertEquals(0, dst.position(), "the woken reader read nothing");
            for (Pair p : intruders) {
                ByteBuffer b = ByteBuffer.allocate(3);
                while (b.hasRemaining()) {
                    p.server().read(b);
                }
                assertEquals(ByteBuffer.wrap(new byte[] {9, 9, 9}), b.flip(), "bytes stolen from a new socket");
                b.clear();
                while (b.hasRemaining()) {
                    p.client().read(b);
                }
                assertEquals(ByteBuffer.wrap(new byte[] {7, 7, 7}), b.flip(), "bytes stolen from a new socket");
                p.close();
            }
            x.close();
        }
        Figures.report("handle-reuse-blocked-read", "rounds / rounds where a new socket got the closed number",
                rounds + " / " + reused);
        assertTrue(reused > 0, "the kernel never reused a number: the test proved nothing");
    }
}
