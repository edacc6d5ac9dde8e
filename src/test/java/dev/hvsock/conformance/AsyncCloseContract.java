package dev.hvsock.conformance;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asynchronous close and interrupt of blocked operations, on platform and virtual threads: a close from
 * another thread ends the operation with {@link AsynchronousCloseException}, an interrupt closes the
 * channel and ends it with {@link ClosedByInterruptException}, leaving the interrupt status set.
 */
abstract class AsyncCloseContract extends ContractBase {
    AsyncCloseContract(ChannelFixture fixture) {
        super(fixture);
    }


    /** A connection whose client has a blocked operation running on a thread of {@code kind}. */
    private record Blocked<T>(Connection connection, Background<T> task) {
    }

    private Blocked<Integer> blockedRead(ThreadKind kind) throws IOException {
        Connection c = connectedPair();
        Background<Integer> reader = background(kind, "reader", () -> c.client().read(ByteBuffer.allocate(16)));
        awaitBlockedInIo(reader);
        return new Blocked<>(c, reader);
    }

    private Blocked<Long> blockedScatteringRead(ThreadKind kind) throws IOException {
        Connection c = connectedPair();
        Background<Long> reader = background(kind, "scattering-reader", () -> c.client().read(
                new ByteBuffer[] {ByteBuffer.allocate(4), ByteBuffer.allocateDirect(4)}));
        awaitBlockedInIo(reader);
        return new Blocked<>(c, reader);
    }

    /** A write that blocks before writing anything: the socket is full and the peer never reads. */
    private Blocked<Integer> blockedWrite(ThreadKind kind) throws IOException {
        Connection c = connectedPair();
        fillSendBuffer(c.client());
        Background<Integer> writer = background(kind, "writer", () -> c.client().write(ByteBuffer.allocate(4096)));
        awaitBlockedInIo(writer);
        return new Blocked<>(c, writer);
    }

    /**
     * Interrupts the blocked {@code task}: it must end with {@link ClosedByInterruptException}, its interrupt
     * status still set, and {@code channel} closed.
     */
    private static void interruptAndAssertItClosed(Background<?> task, Channel channel) {
        task.thread().interrupt();
        assertInstanceOf(ClosedByInterruptException.class, task.failure());
        assertTrue(task.interruptedAtEnd(), "the interrupt status stays set");
        assertFalse(channel.isOpen());
    }

    /**
     * Closes the client of {@code b} from this thread: its blocked operation must end with {@link
     * AsynchronousCloseException}, and the peer see the end of the stream.
     */
    private void closeAndAssertTheBlockedOperationEnds(Blocked<?> b) throws IOException {
        b.connection().client().close();
        assertInstanceOf(AsynchronousCloseException.class, b.task().failure());
        assertFalse(b.connection().client().isOpen());
        assertPeerSeesEnd(b.connection());
    }

    private void assertPeerSeesEnd(Connection c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (c.server().read(buf) >= 0) {
            buf.clear();
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeEndsABlockedRead(ThreadKind kind) throws IOException {
        closeAndAssertTheBlockedOperationEnds(blockedRead(kind));
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeEndsABlockedScatteringRead(ThreadKind kind) throws IOException {
        closeAndAssertTheBlockedOperationEnds(blockedScatteringRead(kind));
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeEndsABlockedWrite(ThreadKind kind) throws IOException {
        closeAndAssertTheBlockedOperationEnds(blockedWrite(kind));
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeEndsABlockedAccept(ThreadKind kind) throws IOException {
        ServerSocketChannel server = listen();
        Background<SocketChannel> acceptor = background(kind, "acceptor", server::accept);
        awaitBlockedInIo(acceptor);
        server.close();
        assertInstanceOf(AsynchronousCloseException.class, acceptor.failure());
        assertThrows(ClosedChannelException.class, server::accept);
    }

    /**
     * A client whose blocking connect waits on a listener with a full backlog, on a thread of {@code kind};
     * skips the test where a connect on such a thread does not wait.
     */
    private Background<Boolean> blockedConnect(ThreadKind kind, SocketChannel client) throws IOException {
        assumeFeature(kind == ThreadKind.VIRTUAL ? Feature.FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT_ON_VIRTUAL_THREADS
                : Feature.FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT);
        ServerSocketChannel server = listen(1);
        SocketAddress target = connectAddress(server);
        fillBacklog(server, new ArrayList<>());
        Background<Boolean> connector = background(kind, "connector", () -> client.connect(target));
        awaitBlockedInIo(connector);
        return connector;
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeEndsABlockedConnect(ThreadKind kind) throws IOException {
        SocketChannel client = openChannel();
        Background<Boolean> connector = blockedConnect(kind, client);
        client.close();
        assertInstanceOf(AsynchronousCloseException.class, connector.failure());
        assertFalse(client.isConnectionPending());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void interruptEndsABlockedConnectAndClosesTheChannel(ThreadKind kind) throws IOException {
        SocketChannel client = openChannel();
        Background<Boolean> connector = blockedConnect(kind, client);
        interruptAndAssertItClosed(connector, client);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void interruptEndsABlockedReadAndClosesTheChannel(ThreadKind kind) throws IOException {
        Blocked<Integer> b = blockedRead(kind);
        interruptAndAssertItClosed(b.task(), b.connection().client());
        assertPeerSeesEnd(b.connection());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void interruptEndsABlockedWriteAndClosesTheChannel(ThreadKind kind) throws IOException {
        Blocked<Integer> b = blockedWrite(kind);
        interruptAndAssertItClosed(b.task(), b.connection().client());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void interruptEndsABlockedAcceptAndClosesTheListener(ThreadKind kind) throws IOException {
        ServerSocketChannel server = listen();
        Background<SocketChannel> acceptor = background(kind, "acceptor", server::accept);
        awaitBlockedInIo(acceptor);
        interruptAndAssertItClosed(acceptor, server);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void aThreadInterruptedBeforeReadingClosesTheChannelAtOnce(ThreadKind kind) throws IOException {
        Connection c = connectedPair();
        writeAll(c.server(), new byte[] {1});
        Background<Integer> reader = background(kind, "interrupted-reader", () -> {
            Thread.currentThread().interrupt();
            return c.client().read(ByteBuffer.allocate(1));
        });
        assertInstanceOf(ClosedByInterruptException.class, reader.failure());
        assertTrue(reader.interruptedAtEnd());
        assertFalse(c.client().isOpen());
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeDuringABlockedReadLetsOtherChannelsWorkOn(ThreadKind kind) throws IOException {
        Blocked<Integer> b = blockedRead(kind);
        b.connection().client().close();
        b.task().failure();
        Connection other = connectedPair();
        writeAll(other.client(), new byte[] {1, 2});
        assertEquals(2, readExactly(other.server(), 2).length);
    }
}
