package dev.hvsock.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SocketChannel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End of stream, {@code shutdownInput} and {@code shutdownOutput}. */
abstract class ShutdownContract extends ContractBase {
    ShutdownContract(ChannelFixture fixture) {
        super(fixture);
    }


    @Test
    void peerShutdownOutputGivesEndOfStreamAfterTheData() throws IOException {
        Connection c = connectedPair();
        writeAll(c.server(), new byte[] {1, 2, 3});
        c.server().shutdownOutput();
        assertBytes(new byte[] {1, 2, 3}, readExactly(c.client(), 3), "data before the end of stream");
        assertEquals(-1, c.client().read(ByteBuffer.allocate(8)));
        assertEquals(-1, c.client().read(ByteBuffer.allocateDirect(8)), "and again");
        c.client().configureBlocking(false);
        assertEquals(-1, c.client().read(ByteBuffer.allocate(8)), "in non-blocking mode too");
        c.client().configureBlocking(true);

        writeAll(c.client(), new byte[] {4, 5});
        assertBytes(new byte[] {4, 5}, readExactly(c.server(), 2), "the other direction stays open");
    }

    @Test
    void peerCloseGivesEndOfStream() throws IOException {
        Connection c = connectedPair();
        writeAll(c.server(), new byte[] {9});
        c.server().close();
        assertEquals(9, readExactly(c.client(), 1)[0]);
        assertEquals(-1, c.client().read(ByteBuffer.allocate(1)));
    }

    @Test
    void blockedReadEndsWithMinusOneWhenThePeerShutsDown() throws IOException {
        Connection c = connectedPair();
        Background<Integer> reader = background("reader", () -> c.client().read(ByteBuffer.allocate(8)));
        awaitBlockedInIo(reader);
        c.server().shutdownOutput();
        assertEquals(-1, reader.get());
    }

    @Test
    @Requires(Feature.SOCKET_ADAPTORS)
    void shutdownInputMakesReadsReturnMinusOne() throws IOException {
        Connection c = connectedPair();
        c.client().shutdownInput();
        assertTrue(c.client().socket().isInputShutdown());
        assertEquals(-1, c.client().read(ByteBuffer.allocate(4)));
        assertEquals(-1, c.client().read(new ByteBuffer[] {ByteBuffer.allocate(4)}));
        assertTrue(c.client().isOpen(), "shutting input down does not close");
        writeAll(c.client(), new byte[] {6});
        assertEquals(6, readExactly(c.server(), 1)[0], "output still works");
        c.client().shutdownInput();
    }

    @Test
    void shutdownInputWakesABlockedReaderWithMinusOne() throws IOException {
        Connection c = connectedPair();
        Background<Integer> reader = background("reader", () -> c.client().read(ByteBuffer.allocate(8)));
        awaitBlockedInIo(reader);
        c.client().shutdownInput();
        assertEquals(-1, reader.get());
        assertTrue(c.client().isOpen());
    }

    @Test
    @Requires(Feature.SOCKET_ADAPTORS)
    void shutdownOutputMakesWritesThrowAndThePeerSeesEndOfStream() throws IOException {
        Connection c = connectedPair();
        writeAll(c.client(), new byte[] {1});
        c.client().shutdownOutput();
        assertTrue(c.client().socket().isOutputShutdown());
        assertThrows(ClosedChannelException.class, () -> c.client().write(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> c.client().write(new ByteBuffer[] {ByteBuffer.allocate(1)}));
        assertTrue(c.client().isOpen(), "shutting output down does not close");
        assertBytes(new byte[] {1}, readToEnd(c.server()), "the peer reads up to the end of stream");
        writeAll(c.server(), new byte[] {2});
        assertEquals(2, readExactly(c.client(), 1)[0], "input still works");
        c.client().shutdownOutput();
    }

    @Test
    void shutdownOutputEndsABlockedWriteWithAsynchronousClose() throws IOException {
        Connection c = connectedPair();
        fillSendBuffer(c.client());
        Background<Integer> writer = background("writer", () -> c.client().write(ByteBuffer.allocate(1024)));
        awaitBlockedInIo(writer);
        c.client().shutdownOutput();
        assertInstanceOf(AsynchronousCloseException.class, writer.failure());
    }

    @Test
    void shutdownNeedsAConnection() throws IOException {
        SocketChannel ch = openChannel();
        assertThrows(NotYetConnectedException.class, ch::shutdownInput);
        assertThrows(NotYetConnectedException.class, ch::shutdownOutput);
        ch.close();
        assertThrows(ClosedChannelException.class, ch::shutdownInput);
        assertThrows(ClosedChannelException.class, ch::shutdownOutput);
    }
}
