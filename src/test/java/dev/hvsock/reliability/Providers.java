package dev.hvsock.reliability;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.TestProviders;

import java.nio.channels.spi.SelectorProvider;

/** The two selector implementations: epoll (the provider) and the poll(2) array that Windows' WSAPoll logic uses. */
enum Providers {
    EPOLL, ARRAY_POLL;

    SelectorProvider get() {
        if (this == EPOLL) {
            return HvSelectorProvider.provider();
        }
        return TestProviders.arrayPollProvider();
    }
}
