/**
 * hvsock-nio: Hyper-V sockets (AF_HYPERV), vsock (AF_VSOCK) and Unix domain sockets as
 * {@link java.nio.channels.SocketChannel}/{@link java.nio.channels.ServerSocketChannel}s, through a
 * {@link java.nio.channels.spi.SelectorProvider} built on the Foreign Function &amp; Memory API.
 *
 * <p>{@code dev.hvsock} is exported, and {@code dev.hvsock.netty}, Netty's NIO transport over these
 * channels; the channels, selectors, platform layer and the jextract-generated bindings stay internal.
 * Netty is optional ({@code requires static}): only an application that uses {@code dev.hvsock.netty}
 * needs it, and brings its own (4.1 or 4.2).
 */
module dev.hvsock {
    requires static jdk.jfr; // JFR events where the runtime has it (internal.channel.ChannelEvents)
    exports dev.hvsock;
    exports dev.hvsock.netty;

    // transitive: the public API of dev.hvsock.netty is made of Netty's types
    requires static transitive io.netty.transport;
    requires static transitive io.netty.buffer;
    requires static transitive io.netty.common;
}
