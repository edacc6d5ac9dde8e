package dev.hvsock.reliability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Both ends of one connection, made through a throw-away listener; blocking mode. */
record Pair(SocketChannel client, SocketChannel server) implements java.io.Closeable {

    static Pair open(Transport transport) throws IOException {
        try (ServerSocketChannel listener = transport.listen(1)) {
            SocketChannel client = transport.open();
            try {
                client.connect(transport.connectAddress(listener));
                return new Pair(client, listener.accept());
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
        }
    }

    /** Proves both directions still carry data: {@code size} bytes each way, compared. */
    void roundTrip(int size) throws IOException {
        transfer(client, server, size, (byte) 17);
        transfer(server, client, size, (byte) 71);
    }

    /** Sends {@code size} bytes from {@code from} and reads them back at {@code to} (both blocking). */
    static void transfer(SocketChannel from, SocketChannel to, int size, byte salt) throws IOException {
        byte[] sent = new byte[size];
        for (int i = 0; i < size; i++) {
            sent[i] = (byte) (i * 31 + salt);
        }
        ByteBuffer out = ByteBuffer.wrap(sent);
        while (out.hasRemaining()) {
            from.write(out);
        }
        ByteBuffer in = ByteBuffer.allocate(size);
        while (in.hasRemaining()) {
            int n = to.read(in);
            assertEquals(true, n >= 0, "EOF after " + in.position() + " of " + size + " bytes");
        }
        assertArrayEquals(sent, in.array(), "bytes changed in transit");
    }
}
