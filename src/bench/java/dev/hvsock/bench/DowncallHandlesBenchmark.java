package dev.hvsock.bench;

import dev.hvsock.HvSelectorProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How the platform holds its downcall handles, measured on the read/write hot path: builds of the library
 * side by side in one JMH run, each from a class directory of its own ({@code -Dhvsock.bench.<variant>=DIR},
 * loaded apart from the current classes and from each other), and the current classes as {@code current}.
 * {@code writeThenRead} is {@link DowncallBenchmark}'s 64-byte write + read round trip over AF_UNIX in one
 * thread; {@code readNothing} is one non-blocking read of an empty socket (in either mode), a single {@code recv} that
 * returns {@code EAGAIN}, where the call's own cost is the largest share. Run with {@code -prof gc};
 * docs/performance.md has the command and the table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DowncallHandlesBenchmark {
    /** {@code current}, or the name of a build given as {@code -Dhvsock.bench.<name>=DIR}. */
    @Param({"before", "current"})
    public String variant;

    @Param({"blocking", "non-blocking"})
    public String mode;

    private Path dir;
    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel server;
    private SocketChannel idle;
    private SocketChannel idlePeer;
    private final ByteBuffer out = ByteBuffer.allocateDirect(64);
    private final ByteBuffer in = ByteBuffer.allocateDirect(64);

    @Setup(Level.Trial)
    public void open() throws Exception {
        SelectorProvider provider = variant.equals("current") ? HvSelectorProvider.provider() : build(variant);
        dir = Files.createTempDirectory("hvbench-handles");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
        listener = provider.openServerSocketChannel(StandardProtocolFamily.UNIX);
        listener.bind(address, 16);
        client = provider.openSocketChannel(StandardProtocolFamily.UNIX);
        client.connect(address);
        server = listener.accept();
        // the other end of client: never written to, so a non-blocking read of it finds nothing
        idle = provider.openSocketChannel(StandardProtocolFamily.UNIX);
        idle.connect(address);
        idle.configureBlocking(false);
        idlePeer = listener.accept();
        if (mode.equals("non-blocking")) {
            client.configureBlocking(false);
            server.configureBlocking(false);
        }
    }

    /** The library's provider from the classes in {@code -Dhvsock.bench.<name>}, in a loader of their own. */
    private static SelectorProvider build(String name) throws Exception {
        String classes = System.getProperty("hvsock.bench." + name);
        if (classes == null) {
            throw new IllegalStateException("-Dhvsock.bench." + name + "=DIR: the classes of build " + name);
        }
        URLClassLoader loader = new URLClassLoader(new URL[]{Path.of(classes).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        return SelectorProvider.class.cast(
                Class.forName("dev.hvsock.HvSelectorProvider", true, loader).getMethod("provider").invoke(null));
    }

    @Benchmark
    public int writeThenRead() throws IOException {
        out.clear();
        client.write(out);
        in.clear();
        return server.read(in);
    }

    @Benchmark
    public int readNothing() throws IOException {
        in.clear();
        return idle.read(in);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        client.close();
        server.close();
        idle.close();
        idlePeer.close();
        listener.close();
        Files.deleteIfExists(dir.resolve("s"));
        Files.deleteIfExists(dir);
    }
}
