/**
 * hvsock-nio: Hyper-V sockets (AF_HYPERV), vsock (AF_VSOCK) and Unix domain sockets as
 * {@link java.nio.channels.SocketChannel}/{@link java.nio.channels.ServerSocketChannel}s, through a
 * {@link java.nio.channels.spi.SelectorProvider} built on the Foreign Function &amp; Memory API.
 *
 * <p>{@code dev.hvsock} is exported, and {@code dev.hvsock.netty}, Netty's NIO transport over these
 * channels, with {@code dev.hvsock.reactor} (Reactor Netty's loop resources) and {@code dev.hvsock.vertx}
 * (a Vert.x transport); the channels, selectors, platform layer and the jextract-generated bindings stay internal.
 * Netty is optional ({@code requires static}): only an application that uses {@code dev.hvsock.netty}
 * needs it, and brings its own (4.1 or 4.2).
 */
module dev.hvsock {
    requires static jdk.jfr; // JFR events where the runtime has it (internal.channel.ChannelEvents)
    exports dev.hvsock;
    exports dev.hvsock.netty;
    exports dev.hvsock.reactor;
    exports dev.hvsock.vertx;

    // Not transitive: "requires static transitive" makes every module that reads dev.hvsock need Netty to
    // compile (module not found: io.netty.common), Netty-free ones too. A module that uses dev.hvsock.netty
    // requires Netty's modules itself (src/test/modules/hvsock.modapp; ModulePathTest).
    requires static io.netty.transport;
    requires static io.netty.buffer;
    requires static io.netty.common;
    // Reactor Netty, for dev.hvsock.reactor (not transitive: an application that uses it requires it itself)
    requires static reactor.netty.core;
    requires static reactor.core;
    // Vert.x 5, for dev.hvsock.vertx
    requires static io.vertx.core;
}
