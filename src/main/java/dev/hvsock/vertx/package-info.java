/**
 * Vert.x 5 over hvsock-nio: {@link dev.hvsock.vertx.HvVertx#transport}, a transport for
 * {@code Vertx.builder().withTransport(...)} whose servers and clients are vsock, Hyper-V or Unix domain sockets,
 * named through Vert.x's domain-socket addresses ({@code SocketAddress.domainSocketAddress("vsock:local:5000")}).
 *
 * <p>Vert.x 5 (on Netty 4.2) is an optional dependency of hvsock-nio: an application that uses this package
 * declares {@code io.vertx:vertx-core} itself.
 *
 * <p>An instance on this transport does no TCP (every event loop of an instance comes from its one transport,
 * and a selector of hvsock-nio takes no channel of the JDK's): a program that also speaks TCP runs a second
 * instance with the default transport. {@code vertx.close()} needs no {@code -Dvertx.disableDnsResolver}.
 */
package dev.hvsock.vertx;
