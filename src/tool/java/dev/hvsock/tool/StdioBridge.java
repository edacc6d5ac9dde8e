package dev.hvsock.tool;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pipes stdin to a connection and the connection to stdout, like {@code nc -N}: at EOF on stdin the
 * connection's output is shut down (the peer sees EOF but can still answer), and the session ends when
 * both directions are done. A failed direction ends it at once.
 */
final class StdioBridge {
    private static final int CHUNK = 64 * 1024;

    private final InputStream stdin = new FileInputStream(FileDescriptor.in);
    private final OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    long sent() {
        return sent.get();
    }

    long received() {
        return received.get();
    }

    /**
     * Runs one session on {@code channel}; when {@code readStdin} is false the output is shut down at
     * once and the session only receives.
     */
    void run(SocketChannel channel, boolean readStdin) throws IOException, InterruptedException {
        AtomicReference<IOException> upstreamFailure = new AtomicReference<>();
        Thread upstream = null;
        if (readStdin) {
            // A platform daemon thread: a read from a terminal may never return, and must not hold the exit.
            upstream = Thread.ofPlatform().daemon().name("hvsock-stdin").start(() -> {
                try {
                    copyStdinTo(channel);
                } catch (IOException e) {
                    upstreamFailure.set(e);
                }
            });
        } else {
            channel.shutdownOutput();
        }
        try {
            copyToStdout(channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (upstream != null) {
            upstream.join();
        }
        IOException failure = upstreamFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    private void copyStdinTo(SocketChannel channel) throws IOException {
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        for (int n; (n = stdin.read(chunk)) >= 0; ) {
            buffer.clear().limit(n);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (ClosedChannelException e) {
                return; // the session already ended on the other direction's failure, which is reported
            } catch (IOException e) {
                throw new IOException("the peer stopped reading before the end of stdin ("
                        + Failures.messageOf(e) + ")", e);
            }
            sent.addAndGet(n);
        }
        try {
            channel.shutdownOutput();
        } catch (ClosedChannelException ignored) {
            // the session already ended
        }
    }

    private void copyToStdout(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        for (int n; (n = channel.read(buffer)) >= 0; buffer.clear()) {
            try {
                stdout.write(buffer.array(), 0, n);
            } catch (IOException e) {
                // stdout is gone (e.g. `| head`): stop receiving, like a pipeline expects, and keep sending.
                channel.shutdownInput();
                return;
            }
            received.addAndGet(n);
        }
    }
}
