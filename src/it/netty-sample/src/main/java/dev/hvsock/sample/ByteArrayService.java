package dev.hvsock.sample;

// tag::grpc-service[]
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A gRPC service without generated code: its messages are byte arrays. {@link #ECHO} answers a request
 * with itself; {@link #DOWNLOAD} takes a count (8 bytes) and streams that many 256 KiB chunks of
 * {@link #chunk}.
 */
public final class ByteArrayService {
    public static final int CHUNK_SIZE = 256 * 1024;

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    public static final MethodDescriptor<byte[], byte[]> ECHO = method(MethodType.UNARY, "Echo");
    public static final MethodDescriptor<byte[], byte[]> DOWNLOAD = method(MethodType.SERVER_STREAMING, "Download");

    private ByteArrayService() {
    }

    private static MethodDescriptor<byte[], byte[]> method(MethodType type, String name) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("hvsock.sample.Bytes", name))
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }

    /** The service, for {@code ServerBuilder.addService}. */
    public static ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder("hvsock.sample.Bytes")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(request);
                    response.onCompleted();
                }))
                .addMethod(DOWNLOAD, ServerCalls.asyncServerStreamingCall((request, response) -> {
                    long count = ByteBuffer.wrap(request).getLong();
                    for (int i = 0; i < count; i++) {
                        response.onNext(chunk(i));
                    }
                    response.onCompleted();
                }))
                .build();
    }

    /** Chunk {@code index} of the download: {@link #CHUNK_SIZE} pseudo-random bytes, the same every time. */
    public static byte[] chunk(int index) {
        byte[] chunk = new byte[CHUNK_SIZE];
        new SplittableRandom(index).nextBytes(chunk);
        return chunk;
    }
}
// end::grpc-service[]
