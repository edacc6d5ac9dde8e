package dev.hvsock.reliability;

import dev.hvsock.testing.LinuxHostFeature;
import dev.hvsock.testing.LinuxHostTest;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thread blocked in read, write, accept, connect or select, on a platform or a virtual thread, is
 * released by a close from another thread ({@link AsynchronousCloseException}; select simply returns)
 * or by an interrupt ({@link ClosedByInterruptException} and a closed channel; select returns with the
 * interrupt status set and the selector open) — promptly, with the descriptor released afterwards and,
 * for a connection, the peer seeing the end of the stream.
 */
@LinuxHostTest(LinuxHostFeature.PROC_SELF_FD)
class BlockedOperationFaultTest {
    enum Op { READ, WRITE, ACCEPT, CONNECT, SELECT }

    enum Cause { CLOSE, INTERRUPT }

    static Stream<Arguments> unixCases() {
        List<Arguments> list = new ArrayList<>();
        for (Op op : Op.values()) {
            for (Cause cause : Cause.values()) {
                for (Threads.Kind kind : Threads.Kind.values()) {
                    list.add(Arguments.of(op, cause, kind));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} released by {1} on a {2} thread")
    @MethodSource("unixCases")
    @Timeout(60)
    void blockedOperationIsReleased(Op op, Cause cause, Threads.Kind kind) throws Exception {
        run(Transport.UNIX, op, cause, kind);
    }

    /** The blocked operation, what a close targets, and the resources to release afterwards. */
    private record Scenario(Callable<Object> operation, Closeable target, List<Closeable> resources,
                            SocketChannel peer, String... frames) {
    }

    static void run(Transport transport, Op op, Cause cause, Threads.Kind kind) throws Exception {
        ProcessResources.startProcessWideState();
        List<String> before = ProcessResources.socketLikeFds();
        Scenario s = setUp(transport, op);
        try {
            AtomicReference<Object> result = new AtomicReference<>();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean interruptedAtExit = new AtomicBoolean();
            Thread t = Threads.start(kind, "blocked-" + op, () -> {
                try {
                    result.set(s.operation().call());
                } catch (Throwable e) {
                    thrown.set(e);
                }
                interruptedAtExit.set(Thread.currentThread().isInterrupted());
            });
            Threads.awaitBlockedIn(t, s.frames());
            if (cause == Cause.CLOSE) {
                s.target().close();
            } else {
                t.interrupt();
            }
            Threads.join(t);

            if (op == Op.SELECT) {
                assertNull(thrown.get(), "select must return, not throw");
                Selector selector = (Selector) s.target();
                if (cause == Cause.CLOSE) {
                    assertFalse(selector.isOpen());
                    assertThrows(ClosedSelectorException.class, selector::selectedKeys);
                } else {
                    assertTrue(interruptedAtExit.get(), "select must keep the interrupt status");
                    assertTrue(selector.isOpen(), "an interrupt does not close a selector");
                    assertEquals(0, selector.selectNow(), "the selector still works after the interrupt");
                }
            } else {
                Class<? extends Throwable> expected = cause == Cause.CLOSE
                        ? AsynchronousCloseException.class : ClosedByInterruptException.class;
                Throwable e = thrown.get();
                assertFalse(((Channel) s.target()).isOpen(), "the channel is closed");
                if (op == Op.WRITE && cause == Cause.CLOSE && e == null) {
                    // As the JDK's: a write that had moved bytes when the close came returns their count.
                    long written = ((Number) result.get()).longValue();
                    assertTrue(written > 0 && written < WRITE_SIZE,
                            "a write cut short returns a short count: " + written);
                    assertEquals(written, drainToEof(s.peer()), "the peer receives exactly the bytes the "
                            + "short write reported, then EOF");
                } else {
                    assertInstanceOf(expected, e, op + " ended with " + e + " (result " + result.get() + ")");
                    if (cause == Cause.CLOSE) {
                        assertFalse(e instanceof ClosedByInterruptException, "a close is not an interrupt");
                    } else {
                        assertTrue(interruptedAtExit.get(), "the interrupt status stays set");
                    }
                    if (s.peer() != null) {
                        long drained = drainToEof(s.peer());
                        assertTrue(drained < WRITE_SIZE, "the peer sees the end of the stream");
                    }
                }
            }
        } finally {
            for (Closeable c : s.resources()) {
                c.close();
            }
        }
        List<String> leaked = ProcessResources.leakedSince(before);
        assertTrue(leaked.isEmpty(), "descriptors left open: " + leaked);
    }

    private static final int WRITE_SIZE = 32 << 20;

    /** Reads (blocking) until EOF; returns how many bytes came before it. */
    static long drainToEof(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        long total = 0;
        while (true) {
            b.clear();
            int n = ch.read(b);
            if (n < 0) {
                return total;
            }
            total += n;
        }
    }

    private static Scenario setUp(Transport transport, Op op) throws IOException {
        switch (op) {
            case READ -> {
                Pair p = Pair.open(transport);
                return new Scenario(() -> p.client().read(ByteBuffer.allocate(100)), p.client(), List.of(p),
                        p.server(), Threads.IO_WAIT);
            }
            case WRITE -> {
                Pair p = Pair.open(transport);
                ByteBuffer big = ByteBuffer.allocate(WRITE_SIZE);
                return new Scenario(() -> p.client().write(big), p.client(), List.of(p), p.server(),
                        Threads.IO_WAIT);
            }
            case ACCEPT -> {
                ServerSocketChannel listener = transport.listen(1);
                return new Scenario(listener::accept, listener, List.of(listener), null, Threads.IO_WAIT);
            }
            case CONNECT -> {
                // A Unix listener whose backlog is full makes a blocking connect wait.
                ServerSocketChannel listener = transport.listen(1);
                List<Closeable> resources = new ArrayList<>();
                resources.add(listener);
                boolean full = false;
                while (!full) {
                    SocketChannel filler = transport.open();
                    resources.add(filler);
                    filler.configureBlocking(false);
                    try {
                        filler.connect(transport.connectAddress(listener));
                    } catch (SocketException refused) {
                        full = true; // a non-blocking connect that finds the backlog full fails at once (EAGAIN)
                    }
                }
                SocketChannel blocked = transport.open();
                resources.add(blocked);
                var address = transport.connectAddress(listener);
                return new Scenario(() -> blocked.connect(address), blocked, resources, null,
                        "HvSocketChannelImpl.awaitConnect");
            }
            default -> {
                Selector selector = transport.provider().openSelector();
                Pair p = Pair.open(transport);
                p.client().configureBlocking(false);
                p.client().register(selector, SelectionKey.OP_READ);
                return new Scenario(selector::select, selector, List.of(selector, p), null, Threads.SELECT_WAIT);
            }
        }
    }
}
