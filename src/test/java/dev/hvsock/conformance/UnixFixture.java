package dev.hvsock.conformance;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.TestProviders;
import dev.hvsock.testing.TestPlatform;

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

/**
 * AF_UNIX, available wherever the library runs: through the library's own native path, or through the
 * JDK's own Unix domain channels as the reference the library is measured against.
 */
final class UnixFixture implements ChannelFixture {
    private final SelectorProvider provider;
    private final boolean jdk;
    private final AtomicInteger counter = new AtomicInteger();
    private Path directory;

    private UnixFixture(SelectorProvider provider, boolean jdk) {
        this.provider = provider;
        this.jdk = jdk;
    }

    /** Selectors over the platform's scalable poll set (epoll on Linux). */
    static UnixFixture scalableSelector() {
        return new UnixFixture(HvSelectorProvider.provider(), false);
    }

    /** Selectors over the array-based poll set that Windows uses (WSAPoll; poll(2) on Linux). */
    static UnixFixture arrayPollSelector() {
        return new UnixFixture(TestProviders.arrayPollProvider(), false);
    }

    /** The JDK's own channels and selectors ({@link SelectorProvider#provider()}): the reference. */
    static UnixFixture jdk() {
        return new UnixFixture(SelectorProvider.provider(), true);
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
    public String lacks(Feature feature) {
        if (!jdk) {
            return TestPlatform.windows() ? windowsLacks(feature) : null;
        }
        return switch (feature) {
            // sun.nio.ch.SocketChannelImpl.connect (JDK 25) makes the socket non-blocking on a virtual thread
            // (configureSocketNonBlockingIfVirtualThread), and UnixDomainSockets.connect0 takes only EINPROGRESS
            // for a connect in progress: EAGAIN becomes SocketException("Resource temporarily unavailable")
            case FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT_ON_VIRTUAL_THREADS -> "on a virtual thread the JDK's "
                    + "blocking connect to a Unix listener whose backlog is full fails at once (SocketException: "
                    + "Resource temporarily unavailable), as a non-blocking one does; on a platform thread it "
                    + "waits for room in the kernel";
            case FULL_BACKLOG_FAILS_A_NONBLOCKING_CONNECT, FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT -> null;
            case VISIBLE_HANDLES -> "the JDK keeps a channel's file descriptor to itself (sun.nio.ch is not exported)";
            case SOCKET_ADAPTORS -> "the JDK has socket() adaptors for Internet protocol channels only: a Unix "
                    + "channel's socket() throws UnsupportedOperationException, as SocketChannel.socket() says";
            case ERRORS_NAME_ADDRESSES -> "the JDK's bind and connect exceptions give the OS error only (\"Address "
                    + "already in use\", \"Connection refused\"), not the address";
            case CONNECT_EXCEPTION_WHEN_NOTHING_LISTENS -> "the JDK throws a plain SocketException, not a "
                    + "ConnectException, when the socket file to connect to does not exist (ENOENT)";
            case OPTIONS_READABLE_UNCONNECTED -> "the JDK's Unix channels support jdk.net.ExtendedSocketOptions"
                    + ".SO_PEERCRED, and reading it throws SocketException while the channel is not connected";
            // sun.nio.ch.SocketChannelImpl.implWrite retries only a write that took nothing; IOUtil takes IOV_MAX
            case COMPLETE_BLOCKING_WRITES -> "the JDK (checked on 25) breaks WritableByteChannel's promise that a "
                    + "blocking write writes every byte: on a virtual thread it can return after a partial write, "
                    + "and a gathering write takes at most IOV_MAX (1024) buffers";
            case ACCEPTED_END_AT_LISTENER_ADDRESS, BUFFER_SIZE_OPTIONS -> null;
        };
    }

    @Override
    public BlockingFrames blockingFrames() {
        return jdk ? BlockingFrames.JDK : BlockingFrames.HVSOCK;
    }

    @Override
    public double dataScale() {
        return 1.0;
    }

    /**
     * What the library's AF_UNIX channels lack on Windows: a non-blocking {@code connect} there always reports
     * {@code WSAEWOULDBLOCK} first (Microsoft Learn, connect: "With a nonblocking socket, the connection attempt
     * cannot be completed immediately"), and one that finds the backlog full stays pending (issue 18), so no
     * connect fails at once and the suite cannot fill a backlog to hold a blocking one.
     */
    private static String windowsLacks(Feature feature) {
        return switch (feature) {
            case FULL_BACKLOG_FAILS_A_NONBLOCKING_CONNECT, FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT,
                 FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT_ON_VIRTUAL_THREADS -> "on Windows a non-blocking AF_UNIX "
                    + "connect is always pending first (WSAEWOULDBLOCK) and one that finds the backlog full stays "
                    + "pending, so the suite cannot fill a backlog with connects that fail at once";
            default -> null;
        };
    }
}
