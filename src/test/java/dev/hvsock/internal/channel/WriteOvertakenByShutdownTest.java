package dev.hvsock.internal.channel;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Platforms;
import dev.hvsock.internal.platform.Sockets;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A write that the channel's own {@code shutdownOutput()} overtakes fails in the OS with "shut down" (EPIPE
 * on Linux; WSAESHUTDOWN on Windows, as go-winio's hvsock_test.go sees for a send after CloseWrite): that is
 * the shutdown ending the write, as it ends one waiting in the kernel, not an error of the peer, and the
 * channel says so with AsynchronousCloseException. Here the platform shuts the output down itself just before
 * the send, as another thread would in the instant between the channel's check and the call.
 */
class WriteOvertakenByShutdownTest {
    private final NativePlatform real = Platforms.current();
    private final Sockets realSockets = real.sockets();
    private final AtomicReference<SocketChannel> shutDownBeforeWrite = new AtomicReference<>();

    private final NativePlatform racing = real.withSockets((Sockets) Proxy.newProxyInstance(
            Sockets.class.getClassLoader(), new Class<?>[]{Sockets.class}, (proxy, method, args) -> {
                if (method.getName().startsWith("write")) { // write, writeBlocking
                    SocketChannel channel = shutDownBeforeWrite.getAndSet(null);
                    if (channel != null) {
                        channel.shutdownOutput();
                    }
                }
                try {
                    return method.invoke(realSockets, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }));

    @Test
    void theWriteEndsAsAShutdownEndsItNotAsThePeersError(@TempDir Path dir) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        HvSelectorProvider provider = HvSelectorProvider.provider();
        for (boolean blocking : new boolean[]{false, true}) {
            try (ServerSocketChannel server = provider.openServerSocketChannel(StandardProtocolFamily.UNIX);
                 SocketChannel client = new HvSocketChannelImpl(provider, racing, StandardProtocolFamily.UNIX)) {
                server.bind(address);
                client.connect(address);
                client.configureBlocking(blocking);
                try (SocketChannel accepted = server.accept()) {
                    shutDownBeforeWrite.set(client);
                    assertThrows(AsynchronousCloseException.class, () -> client.write(ByteBuffer.allocate(8)),
                            blocking ? "blocking" : "non-blocking");
                    assertThrows(ClosedChannelException.class, () -> client.write(ByteBuffer.allocate(8)),
                            "after shutdownOutput, as NIO says");
                }
            } finally {
                java.nio.file.Files.deleteIfExists(address.getPath());
            }
        }
    }
}
