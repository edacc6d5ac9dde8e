package dev.hvsock.frameworks;

import dev.hvsock.HvSelectorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain blocking NIO: the recipe of docs/frameworks.md, run over AF_UNIX. */
@Timeout(value = 30, unit = SECONDS)
class BlockingNioRecipeTest {
    @TempDir
    Path tempDir;

    @Test
    void blockingEchoServerAndClient() throws Exception {
        ProtocolFamily family = StandardProtocolFamily.UNIX;
        SocketAddress address = UnixDomainSocketAddress.of(tempDir.resolve("blocking.sock"));

        // tag::blocking-nio-server[]
        SelectorProvider provider = HvSelectorProvider.provider();
        ServerSocketChannel listener = provider.openServerSocketChannel(family);
        listener.bind(address);
        Thread server = Thread.ofVirtual().start(() -> {
            try (listener; SocketChannel connection = listener.accept()) {
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                while (connection.read(buffer) >= 0) {
                    buffer.flip();
                    connection.write(buffer); // blocking: returns once all of it is written
                    buffer.clear();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // end::blocking-nio-server[]

        // tag::blocking-nio-client[]
        String reply;
        try (SocketChannel channel = provider.openSocketChannel(family)) {
            channel.connect(address);
            channel.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
            channel.shutdownOutput(); // the server sees EOF once it has echoed everything
            ByteBuffer buffer = ByteBuffer.allocate(64);
            while (channel.read(buffer) >= 0) {
                // read until the server closes
            }
            reply = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        }
        // end::blocking-nio-client[]

        assertEquals("ping", reply);
        server.join(SECONDS.toMillis(10));
        assertTrue(!server.isAlive() && !listener.isOpen(), "the server thread finished and closed its listener");
    }
}
