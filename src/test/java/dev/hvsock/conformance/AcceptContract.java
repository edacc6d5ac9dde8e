package dev.hvsock.conformance;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bind}/{@code listen} with a backlog, and {@code accept}, blocking and not. */
abstract class AcceptContract extends ContractBase {
    AcceptContract(ChannelFixture fixture) {
        super(fixture);
    }


    @Test
    void bindGivesTheListenerItsAddress() throws IOException {
        ServerSocketChannel server = openServer();
        assertNull(server.getLocalAddress(), "unbound");
        server.bind(fixture().newServerAddress(), 5);
        SocketAddress local = server.getLocalAddress();
        assertInstanceOf(fixture().addressType(), local);
        assertNotNull(connect(server));
        assertNotNull(accept(server));
    }

    // Until issue 12 hvsock-nio removed the socket file at close, and this test (for hvsock-nio only) said so;
    // the JDK leaves it to the application, and code written for the JDK that deletes it after the close failed
    // with NoSuchFileException. Now both leave it, and the JDK's family runs this test too.
    @Test
    void bindToNullChoosesAnAddressThatWorks() throws IOException {
        ServerSocketChannel server = openServer();
        server.bind(null);
        SocketAddress local = server.getLocalAddress();
        assertInstanceOf(fixture().addressType(), local);
        assertNotNull(connect(server));
        assertNotNull(accept(server));
        server.close();
        if (local instanceof UnixDomainSocketAddress unix) {
            assertTrue(Files.exists(unix.getPath()), "the socket file stays for the application, as the JDK's");
            Files.delete(unix.getPath()); // what JDK-style code does after the close
        }
    }

    @Test
    void bindingTwiceThrowsAlreadyBound() throws IOException {
        ServerSocketChannel server = listen();
        SocketAddress local = server.getLocalAddress();
        assertThrows(AlreadyBoundException.class, () -> server.bind(fixture().newServerAddress()));
        assertEquals(local, server.getLocalAddress(), "the first binding stays");

        SocketChannel client = openChannel();
        client.bind(null);
        assertNotNull(client.getLocalAddress());
        assertThrows(AlreadyBoundException.class, () -> client.bind(null));
    }

    @Test
    @Requires(Feature.ERRORS_NAME_ADDRESSES)
    void bindingAnAddressInUseThrowsBindExceptionNamingIt() throws IOException {
        ServerSocketChannel first = listen();
        SocketAddress taken = first.getLocalAddress();
        ServerSocketChannel second = openServer();
        BindException e = assertThrows(BindException.class, () -> second.bind(taken));
        assertTrue(e.getMessage().contains(taken.toString()), "message names the address: " + e.getMessage());
        assertTrue(second.isOpen());
        assertNull(second.getLocalAddress(), "a failed bind leaves the channel unbound");
        second.bind(fixture().newServerAddress());
        assertNotNull(second.getLocalAddress(), "and it can still be bound elsewhere");
    }

    @Test
    void bindRejectsForeignAddressTypes() throws IOException {
        ServerSocketChannel server = openServer();
        SocketAddress foreign = new SocketAddress() {
            private static final long serialVersionUID = 1L;
        };
        assertThrows(UnsupportedAddressTypeException.class, () -> server.bind(foreign));
        assertNull(server.getLocalAddress());
    }

    @Test
    void blockingAcceptWaitsForAConnection() throws IOException {
        ServerSocketChannel server = listen();
        Background<SocketChannel> accepting = background("accept", () -> track(server.accept()));
        awaitBlockedInIo(accepting);
        SocketChannel client = connect(server);
        SocketChannel accepted = accepting.get();
        assertNotNull(accepted);
        assertTrue(accepted.isConnected());
        assertTrue(accepted.isBlocking(), "accepted channels start in blocking mode");
        assertSame(provider(), accepted.provider());
        writeAll(client, new byte[] {1, 2, 3});
        assertBytes(new byte[] {1, 2, 3}, readExactly(accepted, 3), "data over the accepted channel");
    }

    @Test
    void nonBlockingAcceptReturnsNullUntilAConnectionArrives() throws IOException {
        ServerSocketChannel server = listen();
        server.configureBlocking(false);
        assertNull(server.accept(), "nothing to accept yet");
        Selector selector = openSelector();
        SelectionKey key = server.register(selector, SelectionKey.OP_ACCEPT);
        assertEquals(0, selector.selectNow());
        SocketChannel client = connect(server);
        SocketChannel accepted = null;
        while (accepted == null) {
            selector.select();
            if (selector.selectedKeys().remove(key)) {
                assertTrue(key.isAcceptable());
                accepted = server.accept();
            }
        }
        track(accepted);
        assertTrue(accepted.isConnected());
        assertTrue(accepted.isBlocking(), "accepted channels start in blocking mode whatever the listener's mode");
        assertNull(server.accept(), "nothing more to accept");
        writeAll(client, new byte[] {5});
        assertEquals(5, readExactly(accepted, 1)[0]);
    }

    @Test
    void theBacklogHoldsConnectionsUntilAccepted() throws IOException {
        ServerSocketChannel server = listen(8);
        List<SocketChannel> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SocketChannel client = connect(server);
            writeAll(client, new byte[] {(byte) i});
            clients.add(client);
        }
        Set<Byte> seen = new HashSet<>();
        for (int i = 0; i < clients.size(); i++) {
            SocketChannel accepted = accept(server);
            seen.add(readExactly(accepted, 1)[0]);
        }
        assertEquals(Set.of((byte) 0, (byte) 1, (byte) 2), seen, "each queued connection was accepted once");
    }

    @Test
    void acceptBeforeBindThrowsNotYetBound() throws IOException {
        ServerSocketChannel server = openServer();
        assertThrows(NotYetBoundException.class, server::accept);
        server.configureBlocking(false);
        assertThrows(NotYetBoundException.class, server::accept);
    }

    @Test
    void acceptOnClosedListenerThrowsClosedChannel() throws IOException {
        ServerSocketChannel server = listen();
        server.close();
        assertThrows(ClosedChannelException.class, server::accept);
        assertThrows(ClosedChannelException.class, server::getLocalAddress);
    }

    @Test
    @Requires(Feature.ERRORS_NAME_ADDRESSES)
    void closedListenerRefusesNewConnections() throws IOException {
        ServerSocketChannel server = listen();
        SocketAddress target = connectAddress(server);
        server.close();
        SocketChannel client = openChannel();
        ConnectException e = assertThrows(ConnectException.class, () -> client.connect(target));
        assertTrue(e.getMessage().contains(target.toString()), "message names the address: " + e.getMessage());
        assertFalse(client.isOpen());
    }

    @Test
    void validOpsOfAListenerIsAccept() throws IOException {
        assertEquals(SelectionKey.OP_ACCEPT, openServer().validOps());
    }
}
