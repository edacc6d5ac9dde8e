package dev.hvsock.conformance;

import dev.hvsock.internal.select.NativeSelectableChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancelled keys, closing channels that are registered, and closing selectors: keys leave at the next
 * selection, and a closed channel's handle is released only once no selector holds it.
 */
abstract class KeyLifecycleContract extends ContractBase {
    KeyLifecycleContract(ChannelFixture fixture) {
        super(fixture);
    }


    private static long handle(SelectableChannel ch) {
        return ((NativeSelectableChannel) ch).handle();
    }

    /** What the handle refers to now (Linux: the socket inode), or null where that cannot be told. */
    private static String handleIdentity(long handle) {
        Path link = Path.of("/proc/self/fd/" + handle);
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    @Test
    void aCancelledKeyLeavesTheKeySetAtTheNextSelect() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ);
        writeAll(c.server(), new byte[] {1});
        key.cancel();
        assertFalse(key.isValid());
        assertTrue(selector.keys().contains(key), "still in the key set until the next selection");
        assertEquals(0, selector.selectNow(), "a cancelled key is never selected");
        assertFalse(selector.keys().contains(key));
        assertFalse(c.client().isRegistered());
        assertTrue(c.client().isOpen(), "cancelling closes nothing");
        key.cancel();
    }

    @Test
    void aCancelledKeyThrowsCancelledKeyOnUse() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ);
        key.cancel();
        assertThrows(CancelledKeyException.class, key::interestOps);
        assertThrows(CancelledKeyException.class, () -> key.interestOps(SelectionKey.OP_WRITE));
        assertThrows(CancelledKeyException.class, () -> key.interestOpsOr(SelectionKey.OP_WRITE));
        assertThrows(CancelledKeyException.class, key::readyOps);
        assertThrows(CancelledKeyException.class, key::isReadable);
    }

    @Test
    void reRegisteringAfterCancelWorksOnceTheSelectorHasLetGo() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ);
        key.cancel();
        assertThrows(CancelledKeyException.class, () -> c.client().register(selector, SelectionKey.OP_READ),
                "the cancelled key is still registered");
        selector.selectNow();
        SelectionKey again = c.client().register(selector, SelectionKey.OP_READ);
        assertNotSame(key, again);
        assertTrue(again.isValid());
        writeAll(c.server(), new byte[] {1});
        assertEquals(1, selector.select());
        assertTrue(again.isReadable());
    }

    @Test
    void aSelectedKeyThatIsCancelledLeavesTheSelectedSet() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_WRITE);
        assertEquals(1, selector.select());
        assertTrue(selector.selectedKeys().contains(key));
        key.cancel();
        selector.selectNow();
        assertFalse(selector.selectedKeys().contains(key));
        assertFalse(selector.keys().contains(key));
    }

    @Test
    void closingAChannelCancelsItsKeysInEverySelector() throws IOException {
        Selector first = openSelector();
        Selector second = openSelector();
        Connection c = connectedPair();
        SelectionKey k1 = registeredClient(c, first, SelectionKey.OP_READ);
        SelectionKey k2 = c.client().register(second, SelectionKey.OP_READ);
        c.client().close();
        assertFalse(k1.isValid());
        assertFalse(k2.isValid());
        first.selectNow();
        assertFalse(first.keys().contains(k1));
        assertTrue(c.client().isRegistered(), "the second selector still holds it");
        second.selectNow();
        assertFalse(second.keys().contains(k2));
        assertFalse(c.client().isRegistered());
    }

    @Test
    void closingTheSelectorDeregistersItsKeysAndLeavesChannelsOpen() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ);
        SelectionKey listenerKey = listen().configureBlocking(false).register(selector, SelectionKey.OP_ACCEPT);
        selector.close();
        assertFalse(key.isValid());
        assertFalse(listenerKey.isValid());
        assertTrue(c.client().isOpen());
        assertFalse(c.client().isRegistered());
        assertTrue(listenerKey.channel().isOpen());
        c.client().configureBlocking(true);
        writeAll(c.client(), new byte[] {3});
        assertEquals(3, readExactly(c.server(), 1)[0], "the channel still works");
    }

    @Test
    @Requires(Feature.VISIBLE_HANDLES)
    void aClosedChannelKeepsItsHandleUntilTheSelectorLetsGoButThePeerSeesTheEndAtOnce() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        SelectionKey key = registeredClient(c, selector, SelectionKey.OP_READ);
        assertEquals(0, selector.selectNow());
        long handle = handle(c.client());
        String identity = handleIdentity(handle);

        c.client().close();
        assertFalse(key.isValid());
        assertEquals(-1, c.server().read(ByteBuffer.allocate(1)),
                "the peer sees the end of stream before deregistration");

        // New sockets opened now must not get the registered handle's number, or the selector would report
        // their readiness under the closed channel's key.
        List<Connection> fresh = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Connection f = connectedPair();
            assertNotEquals(handle, handle(f.client()), "a handle still registered was reused");
            assertNotEquals(handle, handle(f.server()), "a handle still registered was reused");
            writeAll(f.server(), new byte[] {1});
            fresh.add(f);
        }
        assertEquals(identity, handleIdentity(handle), "the handle stays open while registered");

        assertEquals(0, selector.selectNow(), "neither the cancelled key nor unregistered sockets are reported");
        assertTrue(selector.selectedKeys().isEmpty());
        assertFalse(selector.keys().contains(key));
        assertFalse(c.client().isRegistered());
        if (identity != null) {
            assertNotEquals(identity, handleIdentity(handle), "the handle is released after deregistration");
        }
        for (Connection f : fresh) {
            assertEquals(1, f.client().read(ByteBuffer.allocate(1)), "the new sockets have their own data");
        }
    }

    @Test
    @Requires(Feature.VISIBLE_HANDLES)
    void aClosedChannelIsReleasedWhenItsSelectorCloses() throws IOException {
        Selector selector = openSelector();
        Connection c = connectedPair();
        registeredClient(c, selector, SelectionKey.OP_READ);
        long handle = handle(c.client());
        String identity = handleIdentity(handle);
        c.client().close();
        assertEquals(identity, handleIdentity(handle), "held by the selector");
        selector.close();
        assertFalse(c.client().isRegistered());
        if (identity != null) {
            assertNotEquals(identity, handleIdentity(handle), "released with the selector");
        }
        assertEquals(-1, c.server().read(ByteBuffer.allocate(1)));
    }
}
