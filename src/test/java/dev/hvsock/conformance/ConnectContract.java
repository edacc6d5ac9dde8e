package dev.hvsock.conformance;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code connect} and {@code finishConnect}, blocking and not, and how they fail. */
abstract class ConnectContract extends ContractBase {
    ConnectContract(ChannelFixture fixture) {
        super(fixture);
    }


    @Test
    void blockingConnectCompletesAtOnce() throws IOException {
        ServerSocketChannel server = listen();
        SocketChannel client = openChannel();
        assertFalse(client.isConnected());
        assertTrue(client.connect(connectAddress(server)));
        assertTrue(client.isConnected());
        assertFalse(client.isConnectionPending());
        assertTrue(client.finishConnect(), "finishConnect on a connected channel returns true");
        assertEquals(connectAddress(server), client.getRemoteAddress());
        SocketChannel accepted = accept(server);
        writeAll(client, new byte[] {42});
        assertEquals(42, readExactly(accepted, 1)[0]);
    }

    @Test
    void nonBlockingConnectCompletesThroughOpConnect() throws IOException {
        ServerSocketChannel server = listen();
        SocketChannel client = openChannel();
        client.configureBlocking(false);
        boolean connected = client.connect(connectAddress(server));
        if (!connected) {
            assertTrue(client.isConnectionPending());
            Selector selector = openSelector();
            SelectionKey key = client.register(selector, SelectionKey.OP_CONNECT);
            while (!connected) {
                selector.select();
                if (selector.selectedKeys().remove(key)) {
                    assertTrue(key.isConnectable());
                    connected = client.finishConnect();
                }
            }
            key.cancel();
        }
        assertTrue(client.isConnected());
        assertFalse(client.isConnectionPending());
        SocketChannel accepted = accept(server);
        client.configureBlocking(true);
        writeAll(accepted, new byte[] {7});
        assertEquals(7, readExactly(client, 1)[0]);
    }

    @Test
    @Requires(Feature.BACKLOG_FULL_DEFERS_CONNECT)
    void connectStaysPendingWhileTheBacklogIsFull() throws IOException {
        ServerSocketChannel server = listen(1);
        List<SocketChannel> queued = new ArrayList<>();
        SocketChannel pending = connectUntilPending(server, queued);
        assertFalse(queued.isEmpty(), "the backlog holds at least one connection");
        assertTrue(pending.isConnectionPending());
        assertFalse(pending.isConnected());
        assertFalse(pending.finishConnect(), "still pending while nothing is accepted");
        assertThrows(ConnectionPendingException.class, () -> pending.connect(connectAddress(server)));
        assertThrows(NotYetConnectedException.class, () -> pending.read(ByteBuffer.allocate(1)));
        assertThrows(NotYetConnectedException.class, () -> pending.write(ByteBuffer.allocate(1)));
        assertTrue(pending.isOpen(), "illegal-state exceptions leave the channel open");

        for (int i = 0; i < queued.size(); i++) {
            accept(server);
        }
        Selector selector = openSelector();
        SelectionKey key = pending.register(selector, SelectionKey.OP_CONNECT);
        boolean connected = false;
        while (!connected) {
            selector.select();
            if (selector.selectedKeys().remove(key)) {
                connected = pending.finishConnect();
            }
        }
        assertTrue(pending.isConnected());
        SocketChannel accepted = accept(server);
        pending.write(ByteBuffer.wrap(new byte[] {9}));
        assertEquals(9, readExactly(accepted, 1)[0]);
    }

    @Test
    @Requires(Feature.BACKLOG_FULL_DEFERS_CONNECT)
    void blockingConnectWaitsForTheBacklogToDrain() throws IOException {
        ServerSocketChannel server = listen(1);
        List<SocketChannel> queued = new ArrayList<>();
        SocketChannel pending = connectUntilPending(server, queued);
        pending.close();
        SocketChannel blocking = openChannel();
        SocketAddress target = connectAddress(server);
        Background<Boolean> connecting = background("blocking-connect", () -> blocking.connect(target));
        awaitBlockedInIo(connecting);
        for (int i = 0; i < queued.size(); i++) {
            accept(server);
        }
        assertTrue(connecting.get(), "the blocking connect completes once the backlog has room");
        assertTrue(blocking.isConnected());
        assertNotNull(accept(server));
    }

    @Test
    @Requires({Feature.CONNECT_EXCEPTION_WHEN_NOTHING_LISTENS, Feature.ERRORS_NAME_ADDRESSES})
    void connectToMissingAddressThrowsConnectExceptionNamingItAndCloses() throws IOException {
        SocketAddress missing = fixture().missingAddress();
        SocketChannel client = openChannel();
        ConnectException e = assertThrows(ConnectException.class, () -> client.connect(missing));
        assertTrue(e.getMessage().contains(missing.toString()), "message names the address: " + e.getMessage());
        assertFalse(client.isOpen(), "a failed connect closes the channel");
        assertThrows(ClosedChannelException.class, () -> client.connect(missing));
    }

    @Test
    @Requires({Feature.CONNECT_EXCEPTION_WHEN_NOTHING_LISTENS, Feature.ERRORS_NAME_ADDRESSES})
    void nonBlockingConnectToMissingAddressFailsAndCloses() throws IOException {
        SocketAddress missing = fixture().missingAddress();
        SocketChannel client = openChannel();
        client.configureBlocking(false);
        ConnectException e = assertThrows(ConnectException.class, () -> {
            if (!client.connect(missing)) {
                Selector selector = openSelector();
                SelectionKey key = client.register(selector, SelectionKey.OP_CONNECT);
                while (true) {
                    selector.select();
                    if (selector.selectedKeys().remove(key) && client.finishConnect()) {
                        throw new AssertionError("connected to " + missing + ", where nothing listens");
                    }
                }
            }
        });
        assertTrue(e.getMessage().contains(missing.toString()), "message names the address: " + e.getMessage());
        assertFalse(client.isOpen(), "a failed connect closes the channel");
    }

    @Test
    void connectingAConnectedChannelThrowsAlreadyConnected() throws IOException {
        ServerSocketChannel server = listen();
        SocketChannel client = connect(server);
        assertThrows(AlreadyConnectedException.class, () -> client.connect(connectAddress(server)));
        assertTrue(client.isConnected(), "the connection is unharmed");
    }

    @Test
    void finishConnectWithoutConnectThrowsNoConnectionPending() throws IOException {
        SocketChannel client = openChannel();
        assertThrows(NoConnectionPendingException.class, client::finishConnect);
        client.configureBlocking(false);
        assertThrows(NoConnectionPendingException.class, client::finishConnect);
        assertTrue(client.isOpen());
    }

    @Test
    void connectRejectsForeignAndNullAddressesWithoutClosing() throws IOException {
        SocketChannel client = openChannel();
        SocketAddress foreign = new SocketAddress() {
            private static final long serialVersionUID = 1L;
        };
        assertThrows(UnsupportedAddressTypeException.class, () -> client.connect(foreign));
        assertThrows(NullPointerException.class, () -> client.connect(null));
        assertTrue(client.isOpen(), "a rejected argument changes nothing");
        assertFalse(client.isConnectionPending());
    }

    @Test
    void connectOnClosedChannelThrowsClosedChannel() throws IOException {
        ServerSocketChannel server = listen();
        SocketChannel client = openChannel();
        client.close();
        assertThrows(ClosedChannelException.class, () -> client.connect(connectAddress(server)));
        assertThrows(ClosedChannelException.class, client::finishConnect);
    }
}
