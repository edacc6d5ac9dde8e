package dev.hvsock.reliability;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An echo server on one hvsock-nio selector thread, written the way a careful NIO server is: all
 * channels non-blocking; a connection stops reading while it has unwritten bytes (a partial write
 * parks the rest and switches the key to OP_WRITE); at EOF it flushes, shuts its output down and closes.
 */
final class SelectorEchoServer implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final int bufferSize;
    private final Thread thread;
    private volatile boolean running = true;

    final AtomicLong bytesEchoed = new AtomicLong();
    final AtomicLong partialWrites = new AtomicLong();
    final AtomicLong zeroWrites = new AtomicLong();
    final AtomicLong selects = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong finished = new AtomicLong();
    final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>();

    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer buffer;
        boolean inputDone;

        Connection(SocketChannel channel, ByteBuffer buffer) {
            this.channel = channel;
            this.buffer = buffer;
        }
    }

    SelectorEchoServer(Transport transport, int backlog, int bufferSize) throws IOException {
        this.bufferSize = bufferSize;
        this.listener = transport.listen(backlog);
        this.selector = transport.provider().openSelector();
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = Thread.ofPlatform().name("soak-echo-selector").start(this::run);
    }

    ServerSocketChannel listener() {
        return listener;
    }

    private void run() {
        try {
            while (running) {
                selector.select();
                selects.incrementAndGet();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        acceptAll();
                    } else {
                        Connection c = (Connection) key.attachment();
                        try {
                            if (key.isReadable()) {
                                onReadable(key, c);
                            } else if (key.isWritable()) {
                                flush(key, c);
                            }
                        } catch (IOException | RuntimeException e) {
                            errors.add(new IOException("echo of " + c.channel + " failed", e));
                            key.cancel();
                            c.channel.close();
                        }
                    }
                }
            }
        } catch (Throwable t) {
            errors.add(t);
        }
    }

    private void acceptAll() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            if (accepted.get() % 2 == 1 && ch.supportedOptions().contains(StandardSocketOptions.SO_SNDBUF)) {
                // a small send buffer on every other connection makes partial writes the common case
                ch.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
            }
            Connection c = new Connection(ch, ByteBuffer.allocateDirect(bufferSize));
            connections.add(c);
            ch.register(selector, SelectionKey.OP_READ, c);
            accepted.incrementAndGet();
        }
    }

    private void onReadable(SelectionKey key, Connection c) throws IOException {
        int n = c.channel.read(c.buffer);
        if (n < 0) {
            c.inputDone = true;
        }
        flush(key, c);
    }

    /** Writes what the buffer holds; parks the rest behind OP_WRITE, or goes back to reading, or finishes. */
    private void flush(SelectionKey key, Connection c) throws IOException {
        ByteBuffer b = c.buffer;
        b.flip();
        int pending = b.remaining();
        if (pending > 0) {
            int w = c.channel.write(b);
            bytesEchoed.addAndGet(w);
            if (w == 0) {
                zeroWrites.incrementAndGet();
            } else if (w < pending) {
                partialWrites.incrementAndGet();
            }
        }
        b.compact();
        if (b.position() > 0) {
            key.interestOps(SelectionKey.OP_WRITE);
        } else if (c.inputDone) {
            key.cancel();
            c.channel.shutdownOutput();
            c.channel.close();
            finished.incrementAndGet();
        } else if (key.interestOps() != SelectionKey.OP_READ) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** "key-state" lines of connections not yet finished, for a stuck-connection report. */
    String describeUnfinished() {
        StringBuilder sb = new StringBuilder();
        for (SelectionKey k : selector.keys()) {
            if (k.attachment() instanceof Connection c && k.isValid()) {
                sb.append("  server ").append(c.channel).append(" interest=").append(k.interestOps())
                        .append(" buffered=").append(c.buffer.position()).append(" inputDone=")
                        .append(c.inputDone).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (thread.isAlive()) {
            errors.add(new AssertionError("echo selector thread did not stop"));
        }
        for (Connection c : connections) {
            c.channel.close();
        }
        selector.close();
        listener.close();
    }
}
