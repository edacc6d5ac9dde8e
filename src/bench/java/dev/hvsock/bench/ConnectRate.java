package dev.hvsock.bench;

import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

/** Connect + accept + close: a client thread connects and closes, the server thread accepts and closes; per second. */
final class ConnectRate {
    private ConnectRate() {
    }

    static double java(Contender.Nio c, Path path, int connections) throws Exception {
        try (ServerSocketChannel listener = c.listen(path, 1024)) {
            long[] end = new long[1];
            long start = System.nanoTime();
            Worker acceptor = Worker.start("acceptor", () -> {
                for (int i = 0; i < connections; i++) {
                    listener.accept().close();
                }
                end[0] = System.nanoTime();
            });
            for (int i = 0; i < connections; i++) {
                c.connect(path).close();
            }
            acceptor.join(300);
            return connections / Worker.seconds(end[0] - start);
        }
    }

    static double c(Contender.C c, Path path, int connections) throws Exception {
        var out = CProgram.run(c.executable(), "connect", path, connections);
        return connections / CProgram.number(out, "seconds");
    }
}
