package dev.hvsock;

import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Platforms;
import dev.hvsock.internal.select.HvSelector;

import java.io.IOException;
import java.nio.channels.spi.AbstractSelector;

/**
 * {@link HvSelectorProvider} with selectors over the portable array poll set ({@code poll(2)} on Linux)
 * instead of the platform's scalable one, as the JDK keeps a {@code PollSelectorProvider} beside its epoll
 * one. It is how the tests run the selector logic of Windows, whose poll set is a {@code WSAPoll} array,
 * on Linux; on Windows it is the same as {@link HvSelectorProvider}. Not part of the API: tests reach it
 * through their {@code TestProviders}.
 *
 * <p>Its channels are its own: they register only with its selectors, as a provider's channels must.
 */
final class ArrayPollSelectorProvider extends HvSelectorProvider {
    @Override
    public AbstractSelector openSelector() throws IOException {
        NativePlatform platform = Platforms.current();
        return new HvSelector(this, platform, platform.openArrayPollSet());
    }
}
