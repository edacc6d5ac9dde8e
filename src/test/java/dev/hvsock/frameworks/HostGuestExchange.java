package dev.hvsock.frameworks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Checks that a listener and a connected client carry bytes both ways, as a host and a guest would. */
final class HostGuestExchange {
    private HostGuestExchange() {
    }

    static void exchange(ServerSocketChannel listener, SocketChannel client) throws Exception {
        byte[] request = new byte[256 * 1024];
        new SplittableRandom(17).nextBytes(request);
        CompletableFuture<byte[]> served = CompletableFuture.supplyAsync(() -> {
            try (SocketChannel connection = listener.accept()) {
                ByteBuffer in = ByteBuffer.allocate(request.length);
                while (in.hasRemaining() && connection.read(in) >= 0) {
                    // until the whole request is in
                }
                connection.write(ByteBuffer.wrap(RandomStream.sha256(in.flip())));
                return in.array();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        client.write(ByteBuffer.wrap(request));
        ByteBuffer reply = ByteBuffer.allocate(32);
        while (reply.hasRemaining() && client.read(reply) >= 0) {
            // until the digest is in
        }
        byte[] received = served.get(30, SECONDS);
        assertNotNull(received);
        assertEquals(request.length, received.length);
        assertArrayEquals(RandomStream.sha256(request), reply.array(), "the listener got every byte");
    }
}
