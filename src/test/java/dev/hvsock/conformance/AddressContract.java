package dev.hvsock.conformance;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code getLocalAddress}/{@code getRemoteAddress}: the family's own address type on both ends. */
abstract class AddressContract extends ContractBase {
    AddressContract(ChannelFixture fixture) {
        super(fixture);
    }


    @Test
    @Requires(Feature.SOCKET_ADAPTORS)
    void connectedChannelsReportTheFamilysAddresses() throws IOException {
        ServerSocketChannel server = listen();
        SocketAddress target = connectAddress(server);
        Connection c = connectedPair(server);
        Class<? extends SocketAddress> type = fixture().addressType();

        assertEquals(target, c.client().getRemoteAddress(), "the client's peer is where it connected");
        assertInstanceOf(type, c.client().getLocalAddress());
        assertInstanceOf(type, c.server().getLocalAddress());
        assertInstanceOf(type, c.server().getRemoteAddress());
        assertEquals(c.client().getRemoteAddress(), c.client().socket().getRemoteSocketAddress());
        assertEquals(c.server().getLocalAddress(), c.server().socket().getLocalSocketAddress());
    }

    @Test
    @Requires(Feature.ACCEPTED_END_AT_LISTENER_ADDRESS)
    void theAcceptedEndIsAtTheListenersAddress() throws IOException {
        ServerSocketChannel server = listen();
        SocketAddress target = connectAddress(server);
        Connection c = connectedPair(server);
        assertEquals(target, c.server().getLocalAddress(), "the accepted end is the listener's address");
    }

    @Test
    void aClientBoundBeforeConnectingIsSeenAtItsAddress() throws IOException {
        ServerSocketChannel server = listen();
        SocketChannel client = openChannel();
        client.bind(fixture().newServerAddress());
        SocketAddress bound = client.getLocalAddress();
        assertInstanceOf(fixture().addressType(), bound);
        assertTrue(client.connect(connectAddress(server)));
        assertEquals(fixture().connectAddressFor(bound), fixture().connectAddressFor(client.getLocalAddress()),
                "connecting keeps the bound address");
        SocketChannel accepted = accept(server);
        assertEquals(fixture().connectAddressFor(bound), accepted.getRemoteAddress(),
                "the accepted end sees the client at its bound address");
    }

    @Test
    @Requires(Feature.SOCKET_ADAPTORS)
    void anUnconnectedChannelHasNoAddresses() throws IOException {
        SocketChannel ch = openChannel();
        assertNull(ch.getLocalAddress());
        assertNull(ch.getRemoteAddress());
        assertNull(ch.socket().getRemoteSocketAddress());
    }

    @Test
    void addressesOfAClosedChannelThrowClosedChannel() throws IOException {
        Connection c = connectedPair();
        c.client().close();
        assertThrows(ClosedChannelException.class, () -> c.client().getLocalAddress());
        assertThrows(ClosedChannelException.class, () -> c.client().getRemoteAddress());
    }
}
