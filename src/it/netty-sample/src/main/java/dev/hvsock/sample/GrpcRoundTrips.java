package dev.hvsock.sample;

import dev.hvsock.netty.HvNetty;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.ClientCalls;
import io.netty.channel.EventLoopGroup;

import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * gRPC calls to {@link ByteArrayService} over hvsock-nio, checked: unary echoes (a short message and one
 * of 3 MiB, under gRPC's default 4 MiB message limit) and a 32 MiB server stream compared by SHA-256.
 */
public final class GrpcRoundTrips {
    /** The bytes streamed by the download. */
    public static final long STREAMED_BYTES = 32L * 1024 * 1024;

    /**
     * What the calls did.
     *
     * @param server where the server listened
     * @param unaryEchoed whether both unary calls got their request back
     * @param streamedBytes how many bytes the download delivered
     * @param streamMatches whether their SHA-256 is that of the chunks the server sends
     * @param streamMillis how long the download took
     */
    public record Outcome(SocketAddress server, boolean unaryEchoed, long streamedBytes, boolean streamMatches,
                          long streamMillis) {
        /** Whether every call did what it should. */
        public boolean ok() {
            return unaryEchoed && streamedBytes == STREAMED_BYTES && streamMatches;
        }
    }

    private GrpcRoundTrips() {
    }

    /**
     * Serves {@link ByteArrayService} at {@code listenAt}, connects to it at {@code connectAddress} of the
     * address it bound, makes the calls and shuts everything down.
     */
    public static Outcome run(ProtocolFamily family, SocketAddress listenAt,
                              UnaryOperator<SocketAddress> connectAddress) throws Exception {
        EventLoopGroup boss = HvNetty.eventLoopGroup(1);
        EventLoopGroup workers = HvNetty.eventLoopGroup(2);
        Server server = null;
        ManagedChannel channel = null;
        try {
            server = GrpcOverHvsock.serve(family, listenAt, ByteArrayService.definition(), boss, workers);
            SocketAddress bound = server.getListenSockets().get(0);
            channel = GrpcOverHvsock.channel(family, connectAddress.apply(bound), workers);
            boolean echoed = echoes(channel, "hello over gRPC".getBytes(StandardCharsets.UTF_8))
                    && echoes(channel, randomBytes(3 * 1024 * 1024));

            MessageDigest expected = sha256();
            long chunks = STREAMED_BYTES / ByteArrayService.CHUNK_SIZE;
            for (int i = 0; i < chunks; i++) {
                expected.update(ByteArrayService.chunk(i));
            }
            MessageDigest received = sha256();
            long bytes = 0;
            long start = System.nanoTime();
            // tag::grpc-stream-call[]
            Iterator<byte[]> stream = ClientCalls.blockingServerStreamingCall(channel, ByteArrayService.DOWNLOAD,
                    CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.MINUTES),
                    ByteBuffer.allocate(Long.BYTES).putLong(chunks).array());
            while (stream.hasNext()) {
                byte[] chunk = stream.next();
                received.update(chunk);
                bytes += chunk.length;
            }
            // end::grpc-stream-call[]
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Outcome(bound, echoed, bytes, Arrays.equals(expected.digest(), received.digest()), millis);
        } finally {
            if (channel != null) {
                channel.shutdown();
                if (!channel.awaitTermination(10, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            }
            if (server != null) {
                server.shutdown();
                if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            }
            workers.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).sync();
            boss.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).sync();
        }
    }

    private static boolean echoes(ManagedChannel channel, byte[] request) {
        // tag::grpc-unary-call[]
        byte[] reply = ClientCalls.blockingUnaryCall(channel, ByteArrayService.ECHO,
                CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.MINUTES), request);
        // end::grpc-unary-call[]
        return Arrays.equals(request, reply);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(size).nextBytes(bytes);
        return bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
