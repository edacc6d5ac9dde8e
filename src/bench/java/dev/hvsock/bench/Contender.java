package dev.hvsock.bench;

import dev.hvsock.HvSelectorProvider;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * One implementation under comparison. All of them speak AF_UNIX stream sockets, so the kernel path is
 * the same for every contender and the differences are what each adds on top of it.
 */
sealed interface Contender permits Contender.Nio, Contender.C {

    String name();

    /** A Java implementation of {@link SocketChannel}, {@link ServerSocketChannel} and {@link Selector}. */
    record Nio(String name, SelectorProvider provider, ProtocolFamily family,
               Function<Path, SocketAddress> addressing) implements Contender {

        ServerSocketChannel listen(Path path, int backlog) throws IOException {
            ServerSocketChannel server = family == null ? provider.openServerSocketChannel()
                    : provider.openServerSocketChannel(family);
            server.bind(addressing.apply(path), backlog);
            return server;
        }

        /** A blocking-mode channel connected to {@code path}. */
        SocketChannel connect(Path path) throws IOException {
            SocketChannel client = family == null ? provider.openSocketChannel() : provider.openSocketChannel(family);
            client.connect(addressing.apply(path));
            return client;
        }

        Selector openSelector() throws IOException {
            return provider.openSelector();
        }
    }

    /** The C program (src/bench/c/unix_bench.c), run as a child process per measurement. */
    record C(String name, Path executable) implements Contender {
    }

    Nio HVSOCK = new Nio("hvsock-nio", HvSelectorProvider.provider(), StandardProtocolFamily.UNIX,
            UnixDomainSocketAddress::of);
    Nio JDK = new Nio("JDK", SelectorProvider.provider(), StandardProtocolFamily.UNIX, UnixDomainSocketAddress::of);
    Nio JUNIXSOCKET = new Nio("junixsocket", AFUNIXSelectorProvider.provider(), null, path -> {
        try {
            return AFUNIXSocketAddress.of(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    List<Nio> JAVA = List.of(HVSOCK, JDK, JUNIXSOCKET);
}
