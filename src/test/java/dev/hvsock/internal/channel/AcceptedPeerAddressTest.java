package dev.hvsock.internal.channel;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Platforms;
import dev.hvsock.internal.platform.Sockets;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * An accepted channel takes its peer's address from {@code accept}, as the JDK's does: asking the new socket
 * afterwards ({@code getpeername}) fails once the peer has reset the connection, and then the accept threw
 * and the connection was lost. The platform here answers every question but that one, as a socket whose peer
 * is gone would.
 */
class AcceptedPeerAddressTest {
    private final NativePlatform real = Platforms.current();
    private final Sockets realSockets = real.sockets();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    /** The real platform, except that a socket asked for its peer's address says it has none any more. */
    private final NativePlatform peerGone = real.withSockets((Sockets) Proxy.newProxyInstance(
            Sockets.class.getClassLoader(), new Class<?>[]{Sockets.class}, (proxy, method, args) -> {
                asked.add(method.getName());
                if (method.getName().equals("remoteAddress")) {
                    throw new SocketException("getpeername: Transport endpoint is not connected (ENOTCONN)");
                }
                try {
                    return method.invoke(realSockets, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }));

    @Test
    void anAcceptedChannelKnowsItsPeerWithoutAskingTheSocket(@TempDir Path dir) throws IOException {
        UnixDomainSocketAddress serverAddress = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        UnixDomainSocketAddress clientAddress = UnixDomainSocketAddress.of(dir.resolve("c.sock"));
        HvSelectorProvider provider = HvSelectorProvider.provider();
        try (ServerSocketChannel server = new HvServerSocketChannelImpl(provider, peerGone,
                StandardProtocolFamily.UNIX);
             SocketChannel client = provider.openSocketChannel(StandardProtocolFamily.UNIX)) {
            server.bind(serverAddress);
            client.bind(clientAddress);
            client.connect(serverAddress);
            try (SocketChannel accepted = server.accept()) {
                assertNotNull(accepted, "the connection is accepted, not lost");
                assertEquals(clientAddress, accepted.getRemoteAddress(), "the peer as accept saw it");
                assertEquals(serverAddress, accepted.getLocalAddress());
            }
            assertFalse(asked.contains("remoteAddress"), "no getpeername: " + asked);
        }
    }
}
