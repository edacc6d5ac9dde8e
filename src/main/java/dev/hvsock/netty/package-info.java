/**
 * Netty's NIO transport over hvsock-nio, for every family: vsock, Hyper-V sockets and Unix domain sockets.
 *
 * <p>{@link dev.hvsock.netty.HvNetty} makes event loop groups whose selectors come from
 * {@link dev.hvsock.HvSelectorProvider}, and the channel factories for {@code ServerBootstrap} and
 * {@code Bootstrap}; {@link dev.hvsock.netty.HvNioServerChannel} and {@link dev.hvsock.netty.HvNioSocketChannel}
 * are the channels they make. The same classes run on Netty 4.1 (from 4.1.137.Final) and 4.2 (from
 * 4.2.20.Final): they use only what both lines have.
 *
 * <p>Netty is an optional dependency of hvsock-nio: an application that uses this package declares
 * {@code io.netty:netty-transport} (or anything that brings it, such as {@code io.grpc:grpc-netty}) itself;
 * one that does not needs nothing but hvsock-nio.
 */
package dev.hvsock.netty;
