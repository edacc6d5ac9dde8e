package dev.hvsock.tool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test backend that only works if half-close is passed on: for each connection it reads everything until
 * EOF, then sends it all back, shuts its output down, and checks that the other side ends cleanly (EOF, not
 * a reset). Each connection runs on its own virtual thread; problems are collected, not thrown.
 */
final class ReplyAfterEofServer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Thread acceptor;
    final AtomicInteger completed = new AtomicInteger();
    final Queue<String> problems = new ConcurrentLinkedQueue<>();

    ReplyAfterEofServer(ServerSocketChannel server) {
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("reply-after-eof").start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread.ofVirtual().start(() -> serve(channel));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);
            while (channel.read(buffer) >= 0) {
                received.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            ByteBuffer reply = ByteBuffer.wrap(received.toByteArray());
            while (reply.hasRemaining()) {
                channel.write(reply);
            }
            channel.shutdownOutput();
            buffer.clear();
            int after = channel.read(buffer);
            if (after != -1) {
                problems.add("expected EOF after the reply, read " + after);
            }
            completed.incrementAndGet();
        } catch (IOException e) {
            problems.add(e.toString());
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        acceptor.join(10_000);
    }
}
