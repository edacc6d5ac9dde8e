package dev.hvsock;

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
        return new ArrayPollSelectorProvider();
    }
}
