package dev.hvsock;

import java.net.StandardProtocolFamily;
import java.nio.channels.spi.SelectorProvider;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HvSelectorProviderTest {
    private final SelectorProvider provider = HvSelectorProvider.provider();

    @Test
    void thereIsOneProvider() {
        assertSame(provider, HvSelectorProvider.provider());
    }

    @Test
    void datagramsAndPipesAreUnsupportedSayingWhy() {
        UnsupportedOperationException datagram =
                assertThrows(UnsupportedOperationException.class, provider::openDatagramChannel);
        assertTrue(datagram.getMessage().contains("stream"), datagram.getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> provider.openDatagramChannel(StandardProtocolFamily.UNIX));
        UnsupportedOperationException pipe = assertThrows(UnsupportedOperationException.class, provider::openPipe);
        assertTrue(pipe.getMessage().contains("Pipe.open()"), pipe.getMessage());
    }

    @Test
    void familiesMustBeNamed() {
        assertThrows(NullPointerException.class, () -> provider.openSocketChannel(null));
        assertThrows(NullPointerException.class, () -> provider.openServerSocketChannel(null));
    }

    @Test
    void ipFamiliesAreNotThisProvidersSayingWhere() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> provider.openSocketChannel(StandardProtocolFamily.INET));
        assertTrue(e.getMessage().contains("INET"), e.getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> provider.openServerSocketChannel(StandardProtocolFamily.INET6));
    }
}
