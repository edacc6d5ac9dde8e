package dev.hvsock.conformance;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.TestProviders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** AF_UNIX through the library's own native path: available wherever the library runs. */
final class UnixFixture implements ChannelFixture {
    private final SelectorProvider provider;
    private final AtomicInteger counter = new AtomicInteger();
    private Path directory;

    private UnixFixture(SelectorProvider provider) {
        this.provider = provider;
    }

    /** Selectors over the platform's scalable poll set (epoll on Linux). */
    static UnixFixture scalableSelector() {
        return new UnixFixture(HvSelectorProvider.provider());
    }

    /** Selectors over the array-based poll set that Windows uses (WSAPoll; poll(2) on Linux). */
    static UnixFixture arrayPollSelector() {
        return new UnixFixture(TestProviders.arrayPollProvider());
    }

    @Override
    public SelectorProvider provider() {
        return provider;
    }

    @Override
    public ProtocolFamily family() {
        return StandardProtocolFamily.UNIX;
    }

    @Override
    public Class<? extends SocketAddress> addressType() {
        return UnixDomainSocketAddress.class;
    }

    private synchronized Path directory() throws IOException {
        if (directory == null) {
            Path dir = Files.createTempDirectory("hvsock-conformance-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            directory = dir;
        }
        return directory;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignore) {
            // a temp directory left behind is harmless
        }
    }

    @Override
    public SocketAddress newServerAddress() throws IOException {
        return UnixDomainSocketAddress.of(directory().resolve("s" + counter.incrementAndGet() + ".sock"));
    }

    @Override
    public SocketAddress connectAddressFor(SocketAddress boundLocal) {
        return boundLocal;
    }

    @Override
    public SocketAddress missingAddress() throws IOException {
        return UnixDomainSocketAddress.of(directory().resolve("missing" + counter.incrementAndGet() + ".sock"));
    }

    @Override
    public boolean backlogFullDefersConnect() {
        return true;
    }

    @Override
    public double dataScale() {
        return 1.0;
    }
}
