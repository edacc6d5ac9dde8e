package dev.hvsock.bench;

import dev.hvsock.HvSelectorProvider;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the channels' JFR events cost on the hot path: {@link DowncallBenchmark}'s 64-byte write + read
 * round trip, in one run, for the library before the events (its classes from
 * {@code -Dhvsock.bench.before=DIR}, loaded apart from the current ones), the library now with no
 * recording, with a recording of the JDK's default settings (the events off, JFR running), with the events
 * on at their 20 ms threshold (timed, never written) and at 0 ms (every read and write written); and the
 * JDK's own channel with and without its {@code jdk.SocketRead}/{@code jdk.SocketWrite} written at 0 ms.
 * Run with {@code -prof gc}; docs/performance.md has the command and the table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JfrEventsBenchmark {
    /** Library, then what JFR records. */
    @Param({"before", "before+jfr-default", "hvsock", "hvsock+jfr-default", "hvsock+events-20ms",
            "hvsock+events-0ms", "JDK", "JDK+events-0ms"})
    public String variant;

    @Param({"blocking", "non-blocking"})
    public String mode;

    private Path dir;
    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel server;
    private Recording recording;
    private final ByteBuffer out = ByteBuffer.allocateDirect(64);
    private final ByteBuffer in = ByteBuffer.allocateDirect(64);

    @Setup(Level.Trial)
    public void open() throws Exception {
        String library = variant.contains("+") ? variant.substring(0, variant.indexOf('+')) : variant;
        String jfr = variant.contains("+") ? variant.substring(variant.indexOf('+') + 1) : "none";
        SelectorProvider provider = switch (library) {
            case "before" -> beforeProvider();
            case "hvsock" -> HvSelectorProvider.provider();
            case "JDK" -> SelectorProvider.provider();
            default -> throw new IllegalArgumentException(variant);
        };
        if (!jfr.equals("none")) {
            Map<String, String> settings = new HashMap<>(Configuration.getConfiguration("default").getSettings());
            String prefix = library.equals("JDK") ? "jdk." : "dev.hvsock.";
            for (String event : new String[]{"SocketRead", "SocketWrite"}) {
                switch (jfr) {
                    case "jfr-default" -> { }
                    case "events-20ms" -> settings.put(prefix + event + "#enabled", "true");
                    case "events-0ms" -> {
                        settings.put(prefix + event + "#enabled", "true");
                        settings.put(prefix + event + "#threshold", "0 ms");
                        settings.put(prefix + event + "#throttle", "off"); // the JDK's: 100/s in default.jfc
                    }
                    default -> throw new IllegalArgumentException(variant);
                }
            }
            recording = new Recording(settings);
            recording.setMaxSize(64L << 20);
            recording.start();
        }
        dir = Files.createTempDirectory("hvbench-jfr");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
        listener = provider.openServerSocketChannel(StandardProtocolFamily.UNIX);
        listener.bind(address, 16);
        client = provider.openSocketChannel(StandardProtocolFamily.UNIX);
        client.connect(address);
        server = listener.accept();
        if (mode.equals("non-blocking")) {
            client.configureBlocking(false);
            server.configureBlocking(false);
        }
    }

    /** The library's provider from the classes before the events, in a loader that sees no other copy. */
    private static SelectorProvider beforeProvider() throws Exception {
        String before = System.getProperty("hvsock.bench.before");
        if (before == null) {
            throw new IllegalStateException("-Dhvsock.bench.before=DIR: the library's classes before the events");
        }
        URLClassLoader loader = new URLClassLoader(new URL[]{Path.of(before).toUri().toURL()},
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

    @TearDown(Level.Trial)
    public void close() throws IOException {
        client.close();
        server.close();
        listener.close();
        if (recording != null) {
            recording.close();
        }
        Files.deleteIfExists(dir.resolve("s"));
        Files.deleteIfExists(dir);
    }
}
