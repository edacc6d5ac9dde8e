package dev.hvsock.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many connections through one selector thread: an echo server with a single selector serves
 * {@code connections} clients (themselves driven by one client selector thread), each sending a
 * {@code size}-byte message and waiting for its echo, {@code trips} times. Result: echoed MiB/s.
 */
final class ManyConnections {
    private ManyConnections() {
    }

    private static final class Client {
        int pending;
        int trips;
    }

    static double java(Contender.Nio c, Path path, int connections, int size, int trips) throws Exception {
        try (ServerSocketChannel listener = c.listen(path, 4096)) {
            AtomicInteger accepted = new AtomicInteger();
            Worker server = Worker.start("echo-selector", () -> serve(c, listener, connections, accepted));
            List<SocketChannel> clients = new ArrayList<>(connections);
            try (Selector selector = c.openSelector()) {
                for (int i = 0; i < connections; i++) {
                    SocketChannel ch = c.connect(path);
                    clients.add(ch);
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, new Client());
                }
                long setupDeadline = System.nanoTime() + 60_000_000_000L;
                while (accepted.get() < connections) {
                    if (System.nanoTime() > setupDeadline) {
                        throw new java.io.IOException("server accepted only " + accepted.get());
                    }
                    Thread.onSpinWait();
                }
                ByteBuffer message = ByteBuffer.allocateDirect(size);
                ByteBuffer in = ByteBuffer.allocateDirect(65536);
                long start = System.nanoTime();
                for (SelectionKey k : selector.keys()) {
                    Client cl = (Client) k.attachment();
                    cl.trips = trips;
                    cl.pending = size;
                    message.clear();
                    Worker.writeFully((SocketChannel) k.channel(), message);
                }
                int active = connections;
                while (active > 0) {
                    selector.select();
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        SocketChannel ch = (SocketChannel) k.channel();
                        in.clear();
                        int n = ch.read(in);
                        if (n < 0) {
                            throw new java.io.EOFException("server closed a connection");
                        }
                        Client cl = (Client) k.attachment();
                        cl.pending -= n;
                        if (cl.pending == 0) {
                            if (--cl.trips == 0) {
                                active--;
                            } else {
                                cl.pending = size;
                                message.clear();
                                Worker.writeFully(ch, message);
                            }
                        }
                    }
                }
                long elapsed = System.nanoTime() - start;
                return (double) connections * trips * size / Worker.seconds(elapsed) / (1 << 20);
            } finally {
                for (SocketChannel ch : clients) {
                    ch.close();
                }
                server.join(120);
            }
        }
    }

    private static void serve(Contender.Nio c, ServerSocketChannel listener, int connections, AtomicInteger accepted)
            throws Exception {
        try (Selector selector = c.openSelector()) {
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            ByteBuffer buf = ByteBuffer.allocateDirect(65536);
            int open = 0;
            int count = 0;
            while (open > 0 || count < connections) {
                selector.select();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (k.isAcceptable()) {
                        SocketChannel ch;
                        while (count < connections && (ch = listener.accept()) != null) {
                            ch.configureBlocking(false);
                            ch.register(selector, SelectionKey.OP_READ);
                            count++;
                            open++;
                        }
                        accepted.set(count);
                        continue;
                    }
                    SocketChannel ch = (SocketChannel) k.channel();
                    buf.clear();
                    int n = ch.read(buf);
                    if (n < 0) {
                        k.cancel();
                        ch.close();
                        open--;
                    } else if (n > 0) {
                        // one message in flight per client: the echo always fits the socket buffer
                        buf.flip();
                        Worker.writeFully(ch, buf);
                    }
                }
            }
        }
    }

    static double c(Contender.C c, Path path, int connections, int size, int trips) throws Exception {
        var out = CProgram.run(c.executable(), "many", path, connections, size, trips);
        return CProgram.number(out, "bytes") / CProgram.number(out, "seconds") / (1 << 20);
    }
}
