package dev.hvsock.tool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code hvsock demo}: an echo service and a client in one process, over the best transport the machine
 * has; random bytes go out, come back, and are compared by SHA-256.
 */
final class DemoCommand implements Command {
    private static final int CHUNK = 64 * 1024;
    private static final String DEFAULT_BYTES = "64M";

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "echo round trip through the library over the best transport here (Hyper-V, vsock, Unix)";
    }

    @Override
    public String synopsis() {
        return "hvsock demo [OPTIONS]";
    }

    @Override
    public String description() {
        return """
                Starts an echo service and a client in this process, sends random bytes through the
                library's channels, reads them back, and reports bytes, time, throughput and whether the
                SHA-256 of what came back matches what was sent.

                The transport is the best this machine has: Hyper-V loopback on Windows, vsock loopback
                (CID 1) on Linux when the vsock_loopback module is loaded, else a Unix socket through the
                very same channel code. The "why:" line says which and why.

                Exit status 0 only if every byte came back intact.

                Example:
                  hvsock demo --bytes 256M""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.valued("bytes", "n", "SIZE", "how much to send, e.g. 1000, 64K, 8M, 1G (default "
                        + DEFAULT_BYTES + ")"),
                Option.valued("transport", null, "NAME", "auto (default), hyperv, vsock or unix"));
    }

    @Override
    public ExitCode run(Arguments args) throws Exception {
        args.expect();
        long total = Sizes.parse(args.value("bytes").orElse(DEFAULT_BYTES), "--bytes");
        DemoLink.Transport transport = DemoLink.parseTransport(args.value("transport").orElse("auto"));
        try (DemoLink link = DemoLink.open(transport)) {
            System.out.println("hvsock demo: echo round trip through hvsock-nio channels");
            System.out.println("transport:  " + link.transport + " (" + link.address + ")");
            System.out.println("why:        " + link.why);
            System.out.flush();

            // Platform threads: the demo shows the channels' own speed, without a virtual-thread handoff per wait.
            Thread echo = Thread.ofPlatform().daemon().name("demo-echo").start(() -> echo(link.serviceSide));
            AtomicReference<Throwable> sendFailure = new AtomicReference<>();
            MessageDigest sentDigest = sha256();
            long start = System.nanoTime();
            Thread sender = Thread.ofPlatform().daemon().name("demo-send").start(() -> {
                try {
                    send(link.client, total, sentDigest);
                } catch (IOException | RuntimeException e) {
                    sendFailure.set(e);
                    closeQuietly(link.client);
                }
            });
            MessageDigest receivedDigest = sha256();
            long received;
            try {
                received = receive(link.client, receivedDigest);
            } catch (IOException e) {
                sender.join();
                throw sendFailure.get() instanceof IOException sent ? sent : e;
            }
            long elapsed = System.nanoTime() - start;
            sender.join();
            echo.join();
            if (sendFailure.get() instanceof IOException e) {
                throw e;
            }
            String sentHash = HexFormat.of().formatHex(sentDigest.digest());
            String receivedHash = HexFormat.of().formatHex(receivedDigest.digest());
            boolean intact = received == total && sentHash.equals(receivedHash);
            System.out.println("sent:       " + total + " bytes (" + Sizes.bytes(total) + "), sha256 " + sentHash);
            System.out.println("received:   " + received + " bytes (" + Sizes.bytes(received) + "), sha256 "
                    + receivedHash);
            System.out.println("time:       " + Sizes.seconds(elapsed));
            System.out.println("throughput: " + Sizes.rate(total, elapsed) + " each way ("
                    + Sizes.rate(total + received, elapsed) + " both ways)");
            System.out.println("result:     " + (intact ? "OK: SHA-256 match, every byte came back"
                    : "FAILED: what came back differs from what was sent"));
            return intact ? ExitCode.OK : ExitCode.FAILURE;
        }
    }

    private static void send(SocketChannel channel, long total, MessageDigest digest) throws IOException {
        SplittableRandom random = new SplittableRandom();
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        for (long left = total; left > 0; ) {
            int n = (int) Math.min(CHUNK, left);
            random.nextBytes(chunk);
            digest.update(chunk, 0, n);
            buffer.clear().limit(n);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            left -= n;
        }
        channel.shutdownOutput();
    }

    private static long receive(SocketChannel channel, MessageDigest digest) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long received = 0;
        for (int n; (n = channel.read(buffer)) >= 0; buffer.clear()) {
            digest.update(buffer.array(), 0, n);
            received += n;
        }
        return received;
    }

    /** The echo service's side: everything read is written back; EOF is passed back as a half-close. */
    private static void echo(SocketChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        try {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            // the client side sees the broken connection and reports it
            closeQuietly(channel);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already broken
        }
    }
}
