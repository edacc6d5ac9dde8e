package dev.hvsock.bench;

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
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The per-call cost of the read and write downcalls: one 64-byte write into a connected AF_UNIX pair and
 * one read of it at the other end, in one thread, so neither call ever waits (a non-blocking write of 64
 * bytes into an empty socket buffer always completes). Run with JMH's gc profiler,
 * {@code gc.alloc.rate.norm} shows what each operation allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DowncallBenchmark {
    @Param({"hvsock-nio", "JDK", "junixsocket"})
    public String impl;

    @Param({"direct", "heap"})
    public String buffer;

    /**
     * Blocking channels (read and write never wait here, the data is there), or non-blocking ones, as
     * selectors use.
     */
    @Param({"blocking", "non-blocking"})
    public String mode;

    private Path dir;
    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel server;
    private ByteBuffer out;
    private ByteBuffer in;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Contender.Nio c = Contender.JAVA.stream().filter(x -> x.name().equals(impl)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no contender " + impl));
        dir = Files.createTempDirectory("hvbench-jmh");
        Path path = dir.resolve("s");
        listener = c.listen(path, 16);
        client = c.connect(path);
        server = listener.accept();
        if (mode.equals("non-blocking")) {
            client.configureBlocking(false);
            server.configureBlocking(false);
        }
        boolean direct = buffer.equals("direct");
        out = direct ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
        in = direct ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
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
        Files.deleteIfExists(dir.resolve("s"));
        Files.deleteIfExists(dir);
    }
}
