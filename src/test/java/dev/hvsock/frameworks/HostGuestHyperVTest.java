package dev.hvsock.frameworks;

import dev.hvsock.HvSocketAddress;
import dev.hvsock.testing.HyperVCapability;
import dev.hvsock.testing.HyperVTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The host side of the host/guest recipes over the Hyper-V loopback partition: what the Windows host runs,
 * with {@link HvSocketAddress#LOOPBACK} standing in for a VM id.
 */
@HyperVTest(HyperVCapability.LOOPBACK_LISTENER)
@Timeout(value = 60, unit = SECONDS)
class HostGuestHyperVTest {
    @Test
    void hostListensAndConnectsThroughTemplatePorts() throws Exception {
        long port = ThreadLocalRandom.current().nextLong(0x4000_0000L, 0x7FFF_FFFFL);
        try (ServerSocketChannel listener = HostGuestRecipes.listenForGuests(HvSocketAddress.LOOPBACK, port);
             SocketChannel client = HostGuestRecipes.connectToGuest(HvSocketAddress.LOOPBACK, port)) {
            assertEquals(HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK, port), client.getRemoteAddress());
            HostGuestExchange.exchange(listener, client);
        }
    }
}
