package dev.hvsock.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Selector scaling: one selector with {@code idle} registered channels that never become ready, plus one
 * active pair. A ping writes 64 bytes into one end of the pair, selects, and reads them from the other
 * end: one thread, no hand-off, so the cost is the selector's and the two system calls'. With epoll it
 * should not grow with the idle channels (O(ready)).
 */
final class SelectorScaling implements AutoCloseable {
    private final Contender.Nio contender;
    private final Path path;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final SocketChannel pinged;
    private final SocketChannel pinger;
    private final List<SocketChannel> idle = new ArrayList<>();
    private int registered;
    private final ByteBuffer ping = ByteBuffer.allocateDirect(64);
    private final ByteBuffer pong = ByteBuffer.allocateDirect(64);

    SelectorScaling(Contender.Nio contender, Path path) throws IOException {
        this.contender = contender;
        this.path = path;
        this.listener = contender.listen(path, 4096);
        this.selector = contender.openSelector();
        this.pinger = contender.connect(path);
        this.pinged = listener.accept();
        pinged.configureBlocking(false);
        pinged.register(selector, SelectionKey.OP_READ);
    }

    /** Registers idle channels (both ends of connected pairs) until {@code count} are. */
    void growTo(int count) throws IOException {
        while (registered < count) {
            SocketChannel a = contender.connect(path);
            SocketChannel b = listener.accept();
            idle.add(a);
            idle.add(b);
            a.configureBlocking(false);
            a.register(selector, SelectionKey.OP_READ);
            registered++;
            if (registered < count) {
                b.configureBlocking(false);
                b.register(selector, SelectionKey.OP_READ);
                registered++;
            }
        }
    }

    /** Descriptors this setup holds open (not counting the selector's own). */
    long descriptors() {
        return idle.size() + 3;
    }

    /** Nanoseconds per select-and-ping: {@code pings} of them, or as many as fit in {@code maxSeconds}. */
    double nanosPerPing(int warmup, int pings, double maxSeconds) throws IOException {
        long warmupEnd = System.nanoTime() + (long) (maxSeconds * 1e9);
        for (int i = 0; i < warmup && ((i & 63) != 0 || System.nanoTime() < warmupEnd); i++) {
            pingOnce();
        }
        long start = System.nanoTime();
        long deadline = start + (long) (maxSeconds * 1e9);
        int done = 0;
        while (done < pings) {
            pingOnce();
            done++;
            if ((done & 63) == 0 && System.nanoTime() > deadline) {
                break;
            }
        }
        return (System.nanoTime() - start) / (double) done;
    }

    private void pingOnce() throws IOException {
        ping.clear();
        pinger.write(ping);
        if (selector.select() != 1) {
            throw new IllegalStateException("expected exactly the active channel to be ready");
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            pong.clear();
            Worker.readFully((SocketChannel) k.channel(), pong);
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        for (SocketChannel ch : idle) {
            ch.close();
        }
        pinger.close();
        pinged.close();
        listener.close();
    }

    static double c(Contender.C c, int idle, int warmup, int pings, double maxSeconds) throws Exception {
        var out = CProgram.run(c.executable(), "selscale", idle, warmup, pings, maxSeconds);
        return CProgram.number(out, "ns_per_op");
    }
}
