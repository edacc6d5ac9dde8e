package dev.hvsock.frameworks;

import dev.hvsock.HvSelectorProvider;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program, run in a JVM of its own by {@link JfrRuntimeTest}: a connect, an accept, a write, a read and
 * the end of stream over AF_UNIX through the library's public API, then what it ran with. Only
 * {@code java.base} and the library: it runs under {@code --limit-modules java.base}.
 */
public final class UnixExchange {
    private UnixExchange() {
    }

    /** {@code args[0]}: a directory for the socket file. */
    public static void main(String[] args) throws IOException {
        HvSelectorProvider provider = HvSelectorProvider.provider();
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(Path.of(args[0], "x.sock"));
        try (ServerSocketChannel listener = provider.openServerSocketChannel(StandardProtocolFamily.UNIX);
             SocketChannel client = provider.openSocketChannel(StandardProtocolFamily.UNIX)) {
            listener.bind(address);
            client.connect(address);
            try (SocketChannel accepted = listener.accept()) {
                client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer in = ByteBuffer.allocate(16);
                int n = accepted.read(in);
                client.shutdownOutput();
                int eof = accepted.read(in.clear());
                System.out.println("read " + n + " then " + eof + "; jdk.jfr "
                        + (ModuleLayer.boot().findModule("jdk.jfr").isPresent() ? "present" : "absent")
                        + "; library in " + HvSelectorProvider.class.getModule());
            }
        } finally {
            Files.deleteIfExists(address.getPath());
        }
    }
}
