package dev.hvsock;

import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Platforms;

/**
 * {@link HvSelectorProvider} on the platform as Windows runs it ({@link NativePlatform#arrayPollVariant()}):
 * selectors over the portable array poll set ({@code poll(2)} on Linux) instead of the platform's scalable
 * one, as the JDK keeps a {@code PollSelectorProvider} beside its epoll one, and blocking operations that
 * wait for readiness, platform threads parked through the poller thread, instead of in the kernel. It is how
 * the tests run the Windows platform's selecting and waiting, whose poll set is a {@code WSAPoll} array, on
 * Linux; on Windows it is the same as {@link HvSelectorProvider}. Not part of the API: tests reach it
 * through their {@code TestProviders}.
 *
 * <p>Its channels are its own: they register only with its selectors, as a provider's channels must.
 */
final class ArrayPollSelectorProvider extends HvSelectorProvider {
    @Override
    NativePlatform platform() {
        return Platforms.current().arrayPollVariant();
    }
}
