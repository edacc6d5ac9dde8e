package dev.hvsock;

import dev.hvsock.internal.platform.ArrayPollReadiness;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Platforms;

import java.nio.channels.spi.SelectorProvider;

/**
 * Providers the tests need beyond {@link HvSelectorProvider#provider()}, for test packages outside
 * {@code dev.hvsock}.
 */
public final class TestProviders {
    private TestProviders() {
    }

    /**
     * A provider whose selectors use the array-based {@code poll(2)} set: the selector logic the Windows
     * platform runs over {@code WSAPoll}, exercised here on Linux.
     */
    public static SelectorProvider arrayPollProvider() {
        return new HvSelectorProvider(() -> ArrayPoll.PLATFORM);
    }

    /**
     * The platform with its readiness decorated into the array-poll way of waiting, made once per process as
     * the platform itself is, so that all its channels share one poller thread.
     */
    private static final class ArrayPoll {
        static final NativePlatform PLATFORM = Platforms.current().withReadiness(
                new ArrayPollReadiness(Platforms.current().readiness()));
    }
}
