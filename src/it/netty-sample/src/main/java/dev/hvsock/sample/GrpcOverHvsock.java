package dev.hvsock.sample;

// tag::grpc-builders[]
import dev.hvsock.netty.HvNetty;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;

/**
 * gRPC-java over hvsock-nio: grpc-netty's own builders, given hvsock-nio's Netty channels and event
 * loops. The channel factory is also what lets gRPC take an address that is no {@code InetSocketAddress}.
 */
public final class GrpcOverHvsock {
    private GrpcOverHvsock() {
    }

    /**
     * Starts a server for {@code service} on {@code address}, a listener of {@code family}, on the caller's
     * event loops ({@code HvNetty.eventLoopGroup}), which the caller shuts down after the server. A service
     * implemented from generated code is {@code service.bindService()}.
     */
    public static Server serve(ProtocolFamily family, SocketAddress address, ServerServiceDefinition service,
                               EventLoopGroup boss, EventLoopGroup workers) throws IOException {
        return NettyServerBuilder.forAddress(address)
                .channelFactory(HvNetty.serverChannels(family))
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .addService(service)
                .build()
                .start();
    }

    /** A channel to the server at {@code address}, over sockets of {@code family} on the caller's event loops. */
    public static ManagedChannel channel(ProtocolFamily family, SocketAddress address, EventLoopGroup group) {
        return NettyChannelBuilder.forAddress(address)
                .channelFactory(HvNetty.clientChannels(family))
                .eventLoopGroup(group)
                .usePlaintext()
                .build();
    }
}
// end::grpc-builders[]
