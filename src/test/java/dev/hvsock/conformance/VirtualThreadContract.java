package dev.hvsock.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Blocking operations on virtual threads park them instead of pinning their carriers. */
abstract class VirtualThreadContract extends ContractBase {
    VirtualThreadContract(ChannelFixture fixture) {
        super(fixture);
    }


    @Test
    void manyVirtualThreadsBlockedInReadDoNotPinTheCarriers() throws IOException {
        int blocked = 200;
        ServerSocketChannel server = listen(blocked + 8);
        List<Connection> connections = new ArrayList<>();
        List<Background<Integer>> readers = new ArrayList<>();
        for (int i = 0; i < blocked; i++) {
            Connection c = connectedPair(server);
            connections.add(c);
            readers.add(background(ThreadKind.VIRTUAL, "blocked-reader-" + i,
                    () -> c.client().read(ByteBuffer.allocate(8))));
        }
        for (Background<Integer> reader : readers) {
            awaitBlockedInIo(reader);
        }
        // More readers are blocked than there are carriers: another virtual thread still gets to run,
        // and can itself use a channel.
        Background<Integer> bystander = background(ThreadKind.VIRTUAL, "bystander", () -> {
            Connection c = connectedPair(server);
            writeAll(c.client(), new byte[] {1, 2, 3, 4});
            return readExactly(c.server(), 4).length;
        });
        assertEquals(4, bystander.get());

        for (Connection c : connections) {
            c.client().close();
        }
        for (Background<Integer> reader : readers) {
            assertInstanceOf(AsynchronousCloseException.class, reader.failure());
        }
    }

    @Test
    @Requires(Feature.COMPLETE_BLOCKING_WRITES)
    void virtualThreadsAcceptConnectAndExchangeData() throws IOException {
        ServerSocketChannel server = listen();
        int size = fixture().scaled(4 * 1024 * 1024);
        byte[] data = Payload.bytes(11, size);
        Background<Integer> echo = background(ThreadKind.VIRTUAL, "virtual-echo", () -> {
            SocketChannel accepted = track(server.accept());
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            int total = 0;
            for (int n; (n = accepted.read(buf)) >= 0; total += n) {
                buf.flip();
                accepted.write(buf);
                buf.clear();
            }
            accepted.close();
            return total;
        });
        Background<byte[]> client = background(ThreadKind.VIRTUAL, "virtual-client", () -> {
            SocketChannel ch = connect(server);
            Background<byte[]> receiver = background(ThreadKind.VIRTUAL, "virtual-receiver", () -> readToEnd(ch));
            writeAll(ch, data);
            ch.shutdownOutput();
            return receiver.get();
        });
        assertBytes(data, client.get(), "echoed through virtual threads");
        assertEquals(size, echo.get());
    }
}
