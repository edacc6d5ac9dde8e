/**
 * Reactor Netty over hvsock-nio: {@link dev.hvsock.reactor.HvLoopResources}, the loop resources on which
 * {@code TcpServer}, {@code TcpClient}, {@code HttpServer} and {@code HttpClient} serve and connect over vsock,
 * Hyper-V sockets or Unix domain sockets ({@code runOn(loops)}, and an address of that family for
 * {@code bindAddress} or {@code remoteAddress}).
 *
 * <p>Reactor Netty 1.3 (on Netty 4.2) is an optional dependency of hvsock-nio: an application that uses this
 * package declares {@code io.projectreactor.netty:reactor-netty-core} (or {@code reactor-netty-http}) itself.
 *
 * <p>What Reactor assumes of IP: {@code DisposableServer.address()}, {@code host()} and {@code port()} cast the
 * server's address to {@code InetSocketAddress}, and throw {@code ClassCastException} for these families; use
 * {@code server.channel().localAddress()}. A client resolves only {@code InetSocketAddress}es: the address of
 * another family goes to {@code connect} as it is. The DNS resolver a client makes on these loops fails every
 * query at once (its datagram channel is the JDK's, which their selectors refuse).
 */
package dev.hvsock.reactor;
