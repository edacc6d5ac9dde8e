package dev.hvsock.plainapp;

import dev.hvsock.HvSelectorProvider;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Echoes one line over a Unix socket through hvsock-nio's channels, blocking, then says which modules the
 * classes came from and whether any Netty module is in the boot layer: {@code PlainEcho SOCKET-FILE}.
 */
public final class PlainEcho {
    private PlainEcho() {
    }

    public static void main(String[] args) throws Exception {
        SelectorProvider provider = HvSelectorProvider.provider();
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(Path.of(args[0]));
        try (ServerSocketChannel server = provider.openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            Thread echo = Thread.ofPlatform().start(() -> echoOnce(server));
            try (SocketChannel client = provider.openSocketChannel(StandardProtocolFamily.UNIX)) {
                client.connect(address);
                client.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
                client.shutdownOutput();
                ByteBuffer reply = ByteBuffer.allocate(64);
                while (client.read(reply) >= 0) {
                    if (!reply.hasRemaining()) {
                        break;
                    }
                }
                System.out.print("echo: " + new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8));
            }
            echo.join();
        }
        System.out.println(HvSelectorProvider.class.getSimpleName() + " in " + HvSelectorProvider.class.getModule()
                .getName() + ", " + PlainEcho.class.getSimpleName() + " in " + PlainEcho.class.getModule().getName());
        System.out.println("netty modules: " + ModuleLayer.boot().modules().stream()
                .filter(m -> m.getName().startsWith("io.netty")).count());
    }

    private static void echoOnce(ServerSocketChannel server) {
        try (SocketChannel peer = server.accept()) {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            while (peer.read(buffer) >= 0) {
                buffer.flip();
                peer.write(buffer);
                buffer.clear();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
