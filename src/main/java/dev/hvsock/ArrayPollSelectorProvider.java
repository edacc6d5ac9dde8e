package dev.hvsock;

import dev.hvsock.internal.channel.HvServerSocketChannelImpl;
import dev.hvsock.internal.channel.HvSocketChannelImpl;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Platforms;
import dev.hvsock.internal.select.HvSelector;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Objects;

/**
 * {@link HvSelectorProvider} with selectors over the portable array poll set ({@code poll(2)} on Linux)
 * instead of the platform's scalable one, as the JDK keeps a {@code PollSelectorProvider} beside its epoll
 * one. It is how the tests run the selector logic of Windows, whose poll set is a {@code WSAPoll} array,
 * on Linux; on Windows it is the same as {@link HvSelectorProvider}. Not part of the API.
 *
 * <p>Its channels are its own: they register only with its selectors, as a provider's channels must.
 */
final class ArrayPollSelectorProvider extends SelectorProvider {
    private static final HvSelectorProvider STANDARD = HvSelectorProvider.provider();

    @Override
    public AbstractSelector openSelector() throws IOException {
        NativePlatform platform = Platforms.current();
        return new HvSelector(this, platform, platform.openArrayPollSet());
    }

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        return openSocketChannel(Platforms.current().naturalFamily());
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        Objects.requireNonNull(family, "family");
        return new HvSocketChannelImpl(this, Platforms.current(), family);
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        return openServerSocketChannel(Platforms.current().naturalFamily());
    }

    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
        Objects.requireNonNull(family, "family");
        return new HvServerSocketChannelImpl(this, Platforms.current(), family);
    }

    @Override
    public DatagramChannel openDatagramChannel() {
        return STANDARD.openDatagramChannel();
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) {
        return STANDARD.openDatagramChannel(family);
    }

    @Override
    public Pipe openPipe() {
        return STANDARD.openPipe();
    }
}
