package dev.hvsock.frameworks;

import dev.hvsock.VsockAddress;
import dev.hvsock.testing.VsockTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The guest side of the host/guest recipes over the vsock loopback: what a Linux guest runs, with the
 * loopback CID (1) standing in for the host's (2), which tests never connect to.
 */
@VsockTest
@Timeout(value = 60, unit = SECONDS)
class HostGuestVsockTest {
    @Test
    void guestListensAndConnects() throws Exception {
        try (ServerSocketChannel listener = HostGuestRecipes.listenForHost(VsockAddress.PORT_ANY)) {
            long port = ((VsockAddress) listener.getLocalAddress()).port();
            try (SocketChannel client = HostGuestRecipes.connectToHost(VsockAddress.CID_LOCAL, port)) {
                assertEquals(VsockAddress.of(VsockAddress.CID_LOCAL, port), client.getRemoteAddress());
                HostGuestExchange.exchange(listener, client);
            }
        }
    }
}
