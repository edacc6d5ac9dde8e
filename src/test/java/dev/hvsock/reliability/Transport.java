package dev.hvsock.reliability;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.VsockAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The two transports the reliability tests run over: AF_UNIX (always here) and AF_VSOCK through the
 * {@code vsock_loopback} transport (only inside the QEMU guest; the tests that use it are {@code @VsockTest}s).
 * A vsock client only ever connects to CID 1 ({@link VsockAddress#CID_LOCAL}): {@link #connectAddress} builds
 * no other address.
 */
enum Transport {
    UNIX(StandardProtocolFamily.UNIX),
    VSOCK(HvProtocolFamily.VSOCK);

    final ProtocolFamily family;

    Transport(ProtocolFamily family) {
        this.family = family;
    }

    SelectorProvider provider() {
        return HvSelectorProvider.provider();
    }

    SocketChannel open() throws IOException {
        return provider().openSocketChannel(family);
    }

    /**
     * A listener on a fresh address: a socket file in a directory of this JVM's (removed when it exits), or
     * any vsock port.
     */
    ServerSocketChannel listen(int backlog) throws IOException {
        ServerSocketChannel listener = provider().openServerSocketChannel(family);
        try {
            listener.bind(this == UNIX ? SocketFiles.next() : VsockAddress.of(VsockAddress.CID_ANY,
                    VsockAddress.PORT_ANY), backlog);
            return listener;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** Where a client reaches {@code listener}: its socket file, or its port on CID 1 (never any other CID). */
    SocketAddress connectAddress(ServerSocketChannel listener) throws IOException {
        SocketAddress local = listener.getLocalAddress();
        if (this == UNIX) {
            return local;
        }
        return VsockAddress.of(VsockAddress.CID_LOCAL, ((VsockAddress) local).port());
    }

    /** Fresh socket file names in one temporary directory, which goes when the JVM exits. */
    private static final class SocketFiles {
        private static final Path DIRECTORY = createDirectory();
        private static final AtomicInteger COUNTER = new AtomicInteger();

        private static Path createDirectory() {
            try {
                Path dir = Files.createTempDirectory("hvsock-reliability-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path file : (Iterable<Path>) files::iterator) {
                            Files.deleteIfExists(file);
                        }
                        Files.deleteIfExists(dir);
                    } catch (IOException ignore) {
                        // a temporary directory left behind is harmless
                    }
                }));
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static UnixDomainSocketAddress next() {
            return UnixDomainSocketAddress.of(DIRECTORY.resolve("l" + COUNTER.incrementAndGet() + ".sock"));
        }
    }
}
