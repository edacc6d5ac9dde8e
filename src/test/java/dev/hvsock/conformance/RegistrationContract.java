package dev.hvsock.conformance;

import dev.hvsock.HvSelectorProvider;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code validOps}, {@code configureBlocking} and {@code register} rules. */
abstract class RegistrationContract extends ContractBase {
    RegistrationContract(ChannelFixture fixture) {
        super(fixture);
    }


    @Test
    void validOpsOfASocketChannel() throws IOException {
        assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT, openChannel().validOps());
    }

    @Test
    void registeringInBlockingModeThrowsIllegalBlockingMode() throws IOException {
        Selector selector = openSelector();
        SocketChannel ch = openChannel();
        assertTrue(ch.isBlocking(), "channels start blocking");
        assertThrows(IllegalBlockingModeException.class, () -> ch.register(selector, SelectionKey.OP_READ));
        ServerSocketChannel server = listen();
        assertThrows(IllegalBlockingModeException.class, () -> server.register(selector, SelectionKey.OP_ACCEPT));
        assertTrue(selector.keys().isEmpty());
    }

    @Test
    void configureBlockingWhileRegisteredThrowsIllegalBlockingMode() throws IOException {
        Selector selector = openSelector();
        SocketChannel ch = openChannel();
        ch.configureBlocking(false);
        SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
        assertThrows(IllegalBlockingModeException.class, () -> ch.configureBlocking(true));
        assertFalse(ch.isBlocking());
        ch.configureBlocking(false);
        key.cancel();
        selector.selectNow();
        ch.configureBlocking(true);
        assertTrue(ch.isBlocking(), "allowed again once the key is gone");
    }

    @Test
    void registeringWithAnotherProvidersSelectorThrowsIllegalSelector() throws IOException {
        // the JDK's provider, or this library's where the family under test is the JDK's
        SelectorProvider other = provider() == SelectorProvider.provider()
                ? HvSelectorProvider.provider() : SelectorProvider.provider();
        try (Selector otherSelector = other.openSelector();
             SocketChannel otherChannel = other.openSocketChannel(StandardProtocolFamily.UNIX)) {
            SocketChannel ch = openChannel();
            ch.configureBlocking(false);
            assertThrows(IllegalSelectorException.class, () -> ch.register(otherSelector, SelectionKey.OP_READ));
            assertFalse(ch.isRegistered());

            Selector selector = openSelector();
            otherChannel.configureBlocking(false);
            assertThrows(IllegalSelectorException.class, () -> otherChannel.register(selector, SelectionKey.OP_READ));
            assertTrue(selector.keys().isEmpty());
        }
    }

    @Test
    void registeringOperationsTheChannelLacksThrowsIllegalArgument() throws IOException {
        Selector selector = openSelector();
        ServerSocketChannel server = listen();
        server.configureBlocking(false);
        assertThrows(IllegalArgumentException.class, () -> server.register(selector, SelectionKey.OP_READ));
        SocketChannel ch = openChannel();
        ch.configureBlocking(false);
        assertThrows(IllegalArgumentException.class, () -> ch.register(selector, SelectionKey.OP_ACCEPT));
        SelectionKey key = ch.register(selector, 0);
        assertThrows(IllegalArgumentException.class, () -> key.interestOps(SelectionKey.OP_ACCEPT));
        assertEquals(0, key.interestOps(), "a rejected interest set changes nothing");
    }

    @Test
    void registeringClosedChannelsOrWithClosedSelectorsFails() throws IOException {
        Selector selector = openSelector();
        SocketChannel ch = openChannel();
        ch.configureBlocking(false);
        ch.close();
        assertThrows(ClosedChannelException.class, () -> ch.register(selector, SelectionKey.OP_READ));

        SocketChannel open = openChannel();
        open.configureBlocking(false);
        selector.close();
        assertThrows(ClosedSelectorException.class, () -> open.register(selector, SelectionKey.OP_READ));
        assertFalse(open.isRegistered());
    }

    @Test
    void registeringAgainUpdatesTheSameKey() throws IOException {
        Selector selector = openSelector();
        SocketChannel ch = openChannel();
        ch.configureBlocking(false);
        assertNull(ch.keyFor(selector));
        SelectionKey key = ch.register(selector, SelectionKey.OP_READ, "first");
        assertTrue(ch.isRegistered());
        assertSame(key, ch.keyFor(selector));
        assertSame(selector, key.selector());
        assertSame(ch, key.channel());
        assertEquals("first", key.attachment());
        assertSame(key, ch.register(selector, SelectionKey.OP_WRITE, "second"));
        assertEquals(SelectionKey.OP_WRITE, key.interestOps());
        assertEquals("second", key.attachment());
        assertEquals(1, selector.keys().size());
    }

    @Test
    void interestOpsCanBeCombined() throws IOException {
        Selector selector = openSelector();
        SocketChannel ch = openChannel();
        ch.configureBlocking(false);
        SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
        assertEquals(SelectionKey.OP_READ, key.interestOpsOr(SelectionKey.OP_WRITE));
        assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, key.interestOps());
        assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, key.interestOpsAnd(~SelectionKey.OP_READ));
        assertEquals(SelectionKey.OP_WRITE, key.interestOps());
    }
}
