package dev.hvsock;

import dev.hvsock.internal.channel.HvServerSocketChannelImpl;
import dev.hvsock.internal.channel.HvSocketChannelImpl;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Platforms;
import dev.hvsock.internal.select.HvSelector;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@link SelectorProvider} of Hyper-V socket channels.
 *
 * <p>Channels and selectors come from the same provider and only work together: a selector from
 * {@link #openSelector()} multiplexes channels from this provider, and a channel from this provider
 * registers only with such a selector ({@link java.nio.channels.IllegalSelectorException} otherwise).
 * Frameworks that open their selector from a provider, such as Netty's NIO transport, take it as is:
 * <pre>{@code
 * SelectorProvider provider = HvSelectorProvider.provider();
 * try (ServerSocketChannel server = provider.openServerSocketChannel(HvProtocolFamily.VSOCK)) {
 *     server.bind(VsockAddress.of(VsockAddress.CID_ANY, 5000));
 *     ...
 * }
 * }</pre>
 *
 * <p>Families: {@link HvProtocolFamily#HYPERV} on Windows, {@link HvProtocolFamily#VSOCK} on Linux, and
 * {@link StandardProtocolFamily#UNIX} on both (through the very same native code). The no-family
 * methods use the platform's natural family: Hyper-V on Windows, vsock on Linux.
 */
public final class HvSelectorProvider extends SelectorProvider {
    private static final class Holder {
        static final HvSelectorProvider INSTANCE = new HvSelectorProvider(Platforms::current);
    }

    private final Supplier<NativePlatform> platform;

    /**
     * A provider on the platform {@code platform} gives (asked at each use, so that a platform that cannot
     * start says why every time). Besides {@link #provider()}, the tests make one whose platform waits the
     * array-poll way ({@code ArrayPollReadiness}), as Windows does, to run Windows' selecting and waiting on
     * Linux; its channels register only with its own selectors, as a provider's channels must.
     */
    HvSelectorProvider(Supplier<NativePlatform> platform) {
        this.platform = platform;
    }

    /**
     * The provider.
     *
     * @return the one instance, which opens every channel and selector of this library
     * @throws UnsupportedOperationException (on first use of a channel or selector) on an OS other than
     *         Linux on x86_64 or aarch64, or Windows on x86_64
     */
    public static HvSelectorProvider provider() {
        return Holder.INSTANCE;
    }

    /** The platform this provider's channels and selectors run on. */
    private NativePlatform platform() {
        return platform.get();
    }

    /** A selector for this provider's channels: epoll on Linux, WSAPoll on Windows. */
    @Override
    public AbstractSelector openSelector() throws IOException {
        NativePlatform platform = platform();
        return new HvSelector(this, platform, platform.readiness().openPollSet());
    }

    /** A socket channel of the platform's natural family (Hyper-V on Windows, vsock on Linux). */
    @Override
    public SocketChannel openSocketChannel() throws IOException {
        return openSocketChannel(platform().addressRules().naturalFamily());
    }

    /**
     * A socket channel of {@code family}: {@link HvProtocolFamily#HYPERV}, {@link HvProtocolFamily#VSOCK} or
     * {@link StandardProtocolFamily#UNIX}.
     *
     * @throws UnsupportedOperationException if the family does not exist on this platform, saying why
     */
    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        Objects.requireNonNull(family, "family");
        return new HvSocketChannelImpl(this, platform(), family);
    }

    /** A server socket channel of the platform's natural family. */
    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        return openServerSocketChannel(platform().addressRules().naturalFamily());
    }

    /** A server socket channel of {@code family}; see {@link #openSocketChannel(ProtocolFamily)}. */
    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
        Objects.requireNonNull(family, "family");
        return new HvServerSocketChannelImpl(this, platform(), family);
    }

    /** Not supported: Hyper-V sockets and vsock as used here are stream sockets only. */
    @Override
    public DatagramChannel openDatagramChannel() {
        throw new UnsupportedOperationException(
                "hvsock-nio has stream sockets only: Hyper-V sockets carry no datagrams");
    }

    /** Not supported: Hyper-V sockets and vsock as used here are stream sockets only. */
    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) {
        throw new UnsupportedOperationException(
                "hvsock-nio has stream sockets only: Hyper-V sockets carry no datagrams");
    }

    /** Not supported: use {@link Pipe#open()} from the JDK's default provider. */
    @Override
    public Pipe openPipe() {
        throw new UnsupportedOperationException(
                "hvsock-nio provides socket channels only: use Pipe.open() from the default provider");
    }
}
