package dev.hvsock.reliability;

import dev.hvsock.HvSelectorProvider;

import java.lang.reflect.Constructor;
import java.nio.channels.spi.SelectorProvider;

/** The two selector implementations: epoll (the provider) and the poll(2) array that Windows' WSAPoll logic uses. */
enum Providers {
    EPOLL, ARRAY_POLL;

    SelectorProvider get() {
        if (this == EPOLL) {
            return HvSelectorProvider.provider();
        }
        try {
            // package-private on purpose: tests reach it by reflection (the tests run on the class path)
            Constructor<HvSelectorProvider> c = HvSelectorProvider.class.getDeclaredConstructor(boolean.class);
            c.setAccessible(true);
            return c.newInstance(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the array-poll provider", e);
        }
    }
}
