package dev.hvsock.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code socket()} adaptors: code written for {@code java.net.Socket}/{@code ServerSocket} streams works. */
@Requires(Feature.SOCKET_ADAPTORS)
abstract class AdaptorContract extends ContractBase {
    AdaptorContract(ChannelFixture fixture) {
        super(fixture);
    }


    @Test
    void streamsCarryALineProtocol() throws IOException {
        ServerSocketChannel server = listen();
        Background<Integer> echo = background("line-echo", () -> {
            Socket s = accept(server).socket();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter out =
                    new PrintWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8), true);
            int lines = 0;
            for (String line; (line = in.readLine()) != null; lines++) {
                out.println(line.toUpperCase(Locale.ROOT));
            }
            s.close();
            return lines;
        });
        Socket socket = connect(server).socket();
        PrintWriter out =
                new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (int i = 0; i < 50; i++) {
            out.println("line " + i + " über");
            assertEquals("LINE " + i + " ÜBER", in.readLine());
        }
        socket.shutdownOutput();
        assertNull(in.readLine(), "end of stream after the server closed");
        assertEquals(50, echo.get());
    }

    @Test
    void adaptorReflectsTheChannel() throws IOException {
        Connection c = connectedPair();
        Socket socket = c.client().socket();
        assertSame(socket, c.client().socket(), "one adaptor per channel");
        assertSame(c.client(), socket.getChannel());
        assertTrue(socket.isConnected());
        assertTrue(socket.isBound());
        assertFalse(socket.isClosed());
        assertEquals(c.client().getRemoteAddress(), socket.getRemoteSocketAddress());
        socket.getOutputStream().write(new byte[] {1, 2});
        assertBytes(new byte[] {1, 2}, readExactly(c.server(), 2), "adaptor output");
        socket.shutdownOutput();
        assertTrue(socket.isOutputShutdown());
        assertEquals(-1, c.server().read(ByteBuffer.allocate(1)), "peer sees end of stream");
        socket.close();
        assertTrue(socket.isClosed());
        assertFalse(c.client().isOpen(), "closing the adaptor closes the channel");
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void soTimeoutEndsAReadWithSocketTimeoutAndTheSocketStaysUsable(ThreadKind kind) throws IOException {
        Connection c = connectedPair();
        Socket socket = c.client().socket();
        socket.setSoTimeout(100);
        assertEquals(100, socket.getSoTimeout());
        InputStream in = socket.getInputStream();
        Background<Integer> reader = background(kind, "timed-reader", in::read);
        assertInstanceOf(SocketTimeoutException.class, reader.failure());
        assertTrue(c.client().isOpen(), "a timeout does not close the socket");
        assertFalse(socket.isClosed());
        writeAll(c.server(), new byte[] {33});
        assertEquals(33, background(kind, "reader", in::read).get(), "the socket reads after a timeout");
        socket.setSoTimeout(0);
        writeAll(c.server(), new byte[] {34});
        assertEquals(34, in.read());
    }

    /**
     * The adaptor's streams are full duplex: a read that waits for data holds up no write on the same socket,
     * and a write that waits for room no read. (The JDK's {@code Channels.newInputStream}/{@code newOutputStream}
     * hold the channel's {@code blockingLock()} through every read and write of a channel not its own, so that
     * a blocked read blocks every write: {@code JdkAdaptersTest} shows it.)
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void theStreamsAreFullDuplexAReaderAndAWriterBlockedAtOnce(ThreadKind kind) throws IOException {
        Connection c = connectedPair();
        Socket socket = c.client().socket();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        // more than the socket buffers of both ends hold while the server reads nothing
        byte[] bulk = Payload.counting(0, 8 * 1024 * 1024);
        Background<Integer> reader = background(kind, "reader", in::read);
        awaitBlockedInIo(reader);
        Background<Void> writer = background(kind, "writer", () -> {
            out.write(bulk);
            return null;
        });
        awaitBlockedInIo(writer); // both wait in I/O at once: neither holds the other up
        assertFalse(reader.isDone(), "the reader still waits for data");

        writeAll(c.server(), new byte[] {42});
        assertEquals(42, reader.get(), "the reader gets its byte while the writer is still blocked");
        assertFalse(writer.isDone(), "the writer still waits for room");
        assertBytes(bulk, readExactly(c.server(), bulk.length), "what the writer sent");
        writer.get();
    }

    @Test
    @Requires(Feature.FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT)
    void socketConnectWithATimeoutThatExpiresThrowsSocketTimeoutAndCloses() throws IOException {
        ServerSocketChannel server = listen(1);
        SocketAddress target = connectAddress(server);
        fillBacklog(server, new ArrayList<>());
        SocketChannel ch = openChannel();
        assertThrows(SocketTimeoutException.class, () -> ch.socket().connect(target, 50));
        assertFalse(ch.isOpen(), "a connect that timed out closes the socket, as java.net.Socket's does");
    }

    @Test
    void serverSocketAdaptorBindsTheChannel() throws IOException {
        ServerSocketChannel server = openServer();
        ServerSocket ss = server.socket();
        assertFalse(ss.isBound());
        ss.bind(fixture().newServerAddress(), 5);
        assertTrue(ss.isBound());
        assertEquals(server.getLocalAddress(), ss.getLocalSocketAddress());
        SocketChannel client = connect(server);
        assertTrue(client.isConnected());
        assertNotNull(accept(server));
    }

    @Test
    void serverSocketAcceptHonoursItsTimeout() throws IOException {
        ServerSocketChannel server = listen();
        ServerSocket ss = server.socket();
        assertSame(ss, server.socket());
        assertTrue(ss.isBound());
        assertEquals(server.getLocalAddress(), ss.getLocalSocketAddress());
        ss.setSoTimeout(100);
        assertThrows(SocketTimeoutException.class, ss::accept);
        assertTrue(server.isOpen(), "a timeout does not close the listener");

        SocketChannel client = connect(server);
        Socket accepted = track(ss.accept());
        assertNotNull(accepted.getChannel());
        assertTrue(accepted.isConnected());
        client.write(ByteBuffer.wrap(new byte[] {8}));
        assertEquals(8, accepted.getInputStream().read());
        ss.close();
        assertFalse(server.isOpen());
    }

    @Test
    void streamsOfANonBlockingChannelThrowIllegalBlockingMode() throws IOException {
        Connection c = connectedPair();
        Socket socket = c.client().socket();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        c.client().configureBlocking(false);
        assertThrows(IllegalBlockingModeException.class, in::read);
        assertThrows(IllegalBlockingModeException.class, () -> out.write(1));
        assertTrue(c.client().isOpen());
    }

    @Test
    void socketConnectThroughTheAdaptor() throws IOException {
        ServerSocketChannel server = listen();
        SocketChannel ch = openChannel();
        Socket socket = ch.socket();
        socket.connect(connectAddress(server), 5_000);
        assertTrue(ch.isConnected());
        SocketChannel accepted = accept(server);
        socket.getOutputStream().write(77);
        assertEquals(77, readExactly(accepted, 1)[0]);
    }
}
