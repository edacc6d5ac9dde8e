/**
 * Netty's NIO transport over hvsock-nio, for every family: vsock, Hyper-V sockets and Unix domain sockets.
 *
 * <p>{@link dev.hvsock.netty.HvNetty} makes event loop groups whose selectors come from
 * {@link dev.hvsock.HvSelectorProvider}, and the channel factories for {@code ServerBootstrap} and
 * {@code Bootstrap}; {@link dev.hvsock.netty.HvNioServerChannel} and {@link dev.hvsock.netty.HvNioSocketChannel}
 * are the channels they make. The same classes run on Netty 4.1 (4.1.100.Final to 4.1.141.Final are tested) and
 * 4.2 (4.2.9.Final to 4.2.21.Final): they use only what both lines have. Initialize the channels with a
 * {@code ChannelInitializer<Channel>}: Netty's {@code SocketChannel} is IP's (see {@link dev.hvsock.netty.HvNetty}).
 *
 * <p>Reactor Netty and Vert.x, on Netty 4.2, have their own packages: {@code dev.hvsock.reactor} and
 * {@code dev.hvsock.vertx}.
 *
 * <p>Netty is an optional dependency of hvsock-nio: an application that uses this package declares
 * {@code io.netty:netty-transport} (or anything that brings it, such as {@code io.grpc:grpc-netty}) itself;
 * one that does not needs nothing but hvsock-nio.
 */
package dev.hvsock.netty;
