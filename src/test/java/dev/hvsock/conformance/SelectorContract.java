package dev.hvsock.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The selector: key sets, the select variants, wakeup, interest changes and readiness reporting. */
abstract class SelectorContract extends ContractBase {
    SelectorContract(ChannelFixture fixture) {
        super(fixture);
    }


    /** A connection whose client end is non-blocking and registered with {@code selector} for {@code ops}. */
    @Test
    void theKeySetCannotBeModified() throws IOException {
        Selector selector = openSelector();
        SelectionKey key = registeredClient(connectedPair(), selector, SelectionKey.OP_READ);
        Set<SelectionKey> keys = selector.keys();
        assertEquals(Set.of(key), keys);
        assertThrows(UnsupportedOperationException.class, () -> keys.remove(key));
        assertThrows(UnsupportedOperationException.class, () -> keys.add(key));
        assertThrows(UnsupportedOperationException.class, keys::clear);
    }

    @Test
    void theSelectedKeySetCanShrinkButNotGrow() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_WRITE);
        Set<SelectionKey> selected = selector.selectedKeys();
        assertThrows(UnsupportedOperationException.class, () -> selected.add(key));
        assertEquals(1, selector.select());
        assertEquals(Set.of(key), selected);
        Iterator<SelectionKey> it = selected.iterator();
        assertSame(key, it.next());
        it.remove();
        assertTrue(selected.isEmpty());
        assertEquals(1, selector.select());
        selected.clear();
        assertTrue(selected.isEmpty());
    }

    @Test
    void selectReportsAReadableChannel() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ);
        assertEquals(0, selector.selectNow(), "nothing to read yet");
        writeAll(c.server(), new byte[] {1});
        assertEquals(1, selector.select());
        assertTrue(selector.selectedKeys().contains(key));
        assertTrue(key.isReadable());
        assertEquals(SelectionKey.OP_READ, key.readyOps());
        assertEquals(1, c.client().read(ByteBuffer.allocate(4)));
    }

    @Test
    void selectWithTimeoutAndSelectNowReturnZeroWhenNothingIsReady() throws IOException {
        Selector selector = openSelector();
        registeredClient(connectedPair(), selector, SelectionKey.OP_READ);
        assertEquals(0, selector.selectNow());
        assertEquals(0, selector.select(20));
        assertEquals(0, selector.select(k -> { throw new AssertionError("no key is ready"); }, 20));
        assertEquals(0, selector.selectNow(k -> { throw new AssertionError("no key is ready"); }));
        assertTrue(selector.selectedKeys().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> selector.select(-1));
        assertThrows(IllegalArgumentException.class, () -> selector.select(k -> { }, -1));
        assertThrows(NullPointerException.class, () -> selector.select((Consumer<SelectionKey>) null));
    }

    @Test
    void selectWithAnActionHandsEachReadyKeyToItAndLeavesTheSelectedSetAlone() throws IOException {
        Selector selector = openSelector();
        Connection a = connectedPair();
        Connection b = connectedPair();
        SelectionKey keyA = registeredClient(a, selector, SelectionKey.OP_READ);
        SelectionKey keyB = registeredClient(b, selector, SelectionKey.OP_READ);
        writeAll(a.server(), new byte[] {1});
        writeAll(b.server(), new byte[] {2});

        List<SelectionKey> seen = new ArrayList<>();
        int n = 0;
        while (seen.size() < 2) {
            n += selector.select(k -> {
                assertTrue(k.isReadable());
                seen.add(k);
            });
        }
        assertEquals(2, n, "the count is the number of keys handed to the action");
        assertEquals(Set.of(keyA, keyB), Set.copyOf(seen));
        assertTrue(selector.selectedKeys().isEmpty(), "an action-based select does not touch the selected set");

        List<SelectionKey> again = new ArrayList<>();
        assertEquals(2, selector.selectNow(again::add), "level-triggered: still readable");
        assertEquals(2, selector.select(again::add, 1000));
        assertEquals(4, again.size());
    }

    @Test
    void aKeyAlreadySelectedGainsReadyOperations() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        assertEquals(1, selector.select());
        assertEquals(SelectionKey.OP_WRITE, key.readyOps(), "writable, nothing to read yet");
        writeAll(c.server(), new byte[] {1});
        int n;
        do {
            n = selector.select();
        } while (!key.isReadable());
        assertEquals(1, n, "the select that added OP_READ to a selected key counts it");
        assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, key.readyOps());
        assertEquals(0, selector.selectNow(), "nothing new");
        assertEquals(Set.of(key), selector.selectedKeys());
    }

    @Test
    void wakeupBeforeSelectMakesTheNextSelectReturnAtOnce() throws IOException {
        Selector selector = openSelector();
        registeredClient(connectedPair(), selector, SelectionKey.OP_READ);
        selector.wakeup();
        assertEquals(0, selector.select(), "returns although nothing is ready");
        selector.wakeup();
        selector.wakeup();
        assertEquals(0, selector.select(k -> { throw new AssertionError("no key is ready"); }));
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void wakeupFromAnotherThreadEndsABlockedSelect(ThreadKind kind) throws IOException {
        Selector selector = openSelector();
        registeredClient(connectedPair(), selector, SelectionKey.OP_READ);
        Background<Integer> selecting = background(kind, "select", selector::select);
        awaitBlockedInSelect(selecting);
        selector.wakeup();
        assertEquals(0, selecting.get());
        assertTrue(selector.isOpen());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aBlockedSelectSeesDataArrive(ThreadKind kind) throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ);
        Background<Integer> selecting = background(kind, "select", selector::select);
        awaitBlockedInSelect(selecting);
        writeAll(c.server(), new byte[] {1});
        assertEquals(1, selecting.get());
        assertTrue(key.isReadable());
    }

    @Test
    void anInterestChangeWhileAnotherThreadSelectsTakesEffectAfterWakeup() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, 0);
        writeAll(c.server(), new byte[] {1});
        Background<Integer> selecting = background("select-loop", () -> {
            while (true) {
                selector.select();
                if (selector.selectedKeys().contains(key)) {
                    return key.readyOps();
                }
            }
        });
        awaitBlockedInSelect(selecting);
        key.interestOps(SelectionKey.OP_READ);
        selector.wakeup();
        assertEquals(SelectionKey.OP_READ, selecting.get());
    }

    @Test
    void registeringWhileAnotherThreadSelectsDoesNotBlock() throws IOException {
        Selector selector = openSelector();
        registeredClient(connectedPair(), selector, SelectionKey.OP_READ);
        Background<Object> selecting = background("select-loop", () -> {
            while (true) {
                selector.select();
                for (SelectionKey k : selector.selectedKeys()) {
                    if (k.attachment() != null) {
                        return k.attachment();
                    }
                }
            }
        });
        awaitBlockedInSelect(selecting);
        Connection late = connectedPair();
        writeAll(late.server(), new byte[] {1});
        late.client().configureBlocking(false);
        late.client().register(selector, SelectionKey.OP_READ, "late");
        selector.wakeup();
        assertEquals("late", selecting.get());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void interruptingASelectingThreadEndsTheSelectAndKeepsTheSelectorOpen(ThreadKind kind) throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ);
        Background<Integer> selecting = background(kind, "select", selector::select);
        awaitBlockedInSelect(selecting);
        selecting.thread().interrupt();
        assertEquals(0, selecting.get());
        assertTrue(selecting.interruptedAtEnd(), "the interrupt status stays set");
        assertTrue(selector.isOpen());
        assertTrue(key.isValid());
        assertTrue(c.client().isOpen(), "an interrupted select closes no channel");
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closingTheSelectorEndsABlockedSelect(ThreadKind kind) throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ);
        Background<Integer> selecting = background(kind, "select", selector::select);
        awaitBlockedInSelect(selecting);
        selector.close();
        selecting.get();
        assertFalse(selector.isOpen());
        assertFalse(key.isValid());
        assertTrue(c.client().isOpen(), "closing a selector closes no channel");
        assertFalse(c.client().isRegistered());
    }

    @Test
    void aClosedSelectorRejectsEverythingButWakeupAndClose() throws IOException {
        Selector selector = openSelector();
        selector.close();
        assertThrows(ClosedSelectorException.class, selector::select);
        assertThrows(ClosedSelectorException.class, () -> selector.select(10));
        assertThrows(ClosedSelectorException.class, selector::selectNow);
        assertThrows(ClosedSelectorException.class, () -> selector.select(k -> { }));
        assertThrows(ClosedSelectorException.class, selector::keys);
        assertThrows(ClosedSelectorException.class, selector::selectedKeys);
        assertSame(selector, selector.wakeup());
        selector.close();
    }

    @Test
    void selectingFromInsideAnActionThrowsIllegalState() throws IOException {
        Selector selector = openSelector();
        registeredClient(connectedPair(), selector, SelectionKey.OP_WRITE);
        assertThrows(IllegalStateException.class, () -> selector.select(k -> {
            try {
                selector.selectNow();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }));
        assertTrue(selector.isOpen());
        assertEquals(1, selector.selectNow(), "the selector still works");
    }

    @Test
    void peerCloseMakesTheKeyReadableAndReadReturnsMinusOne() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ);
        c.server().close();
        assertEquals(1, selector.select());
        assertTrue(key.isReadable());
        assertEquals(-1, c.client().read(ByteBuffer.allocate(1)));
    }

    @Test
    void peerCloseMakesAFullSocketsWriteInterestReadyAndTheWriteFails() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        fillSendBuffer(c.client());
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_WRITE);
        assertEquals(0, selector.selectNow(), "a full socket is not writable");
        c.server().close();
        // As the JDK: a hang-up or error makes every interesting operation ready, so the writer finds out
        assertEquals(1, selector.select());
        assertTrue(key.isWritable());
        assertThrows(IOException.class, () -> c.client().write(ByteBuffer.allocate(1)),
                "writing to a closed peer fails");
    }

    @Test
    void manyKeysAreAllReported() throws IOException {
        Selector selector = openSelector();
        int count = 150;
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Connection c = connectedPair();
            c.client().configureBlocking(false);
            c.client().register(selector, SelectionKey.OP_READ, i);
            connections.add(c);
        }
        for (Connection c : connections) {
            writeAll(c.server(), new byte[] {1});
        }
        BitSet seen = new BitSet(count);
        ByteBuffer one = ByteBuffer.allocate(1);
        while (seen.cardinality() < count) {
            selector.select();
            for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey k = it.next();
                it.remove();
                int index = (Integer) k.attachment();
                assertFalse(seen.get(index), "key " + index + " reported again after its byte was read");
                one.clear();
                assertEquals(1, ((SocketChannel) k.channel()).read(one));
                k.interestOps(0);
                seen.set(index);
            }
        }
        assertEquals(0, selector.selectNow(), "nothing left");
    }
}
