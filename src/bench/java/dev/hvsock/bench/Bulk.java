package dev.hvsock.bench;

import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Bulk throughput: {@code total} bytes one way in {@code chunk}-byte writes, blocking mode; MiB/s. */
final class Bulk {
    private Bulk() {
    }

    static double java(Contender.Nio c, Path path, long total, int chunk, boolean direct) throws Exception {
        try (ServerSocketChannel listener = c.listen(path, 16);
             SocketChannel client = c.connect(path);
             SocketChannel server = listener.accept()) {
            ByteBuffer out = direct ? ByteBuffer.allocateDirect(chunk) : ByteBuffer.allocate(chunk);
            ByteBuffer in = direct ? ByteBuffer.allocateDirect(chunk) : ByteBuffer.allocate(chunk);
            while (out.hasRemaining()) {
                out.put((byte) 'x');
            }
            long[] end = new long[1];
            long start = System.nanoTime();
            Worker reader = Worker.start("bulk-reader", () -> {
                long left = total;
                while (left > 0) {
                    in.clear();
                    int n = server.read(in);
                    if (n < 0) {
                        throw new java.io.EOFException(left + " bytes missing");
                    }
                    left -= n;
                }
                end[0] = System.nanoTime();
            });
            for (long sent = 0; sent < total; sent += chunk) {
                out.clear();
                client.write(out); // blocking mode: writes all of it
            }
            reader.join(300);
            return total / Worker.seconds(end[0] - start) / (1 << 20);
        }
    }

    static double c(Contender.C c, Path path, long total, int chunk) throws Exception {
        var out = CProgram.run(c.executable(), "bulk", path, total, chunk);
        return total / CProgram.number(out, "seconds") / (1 << 20);
    }
}
