/**
 * hvsock-nio: Hyper-V sockets (AF_HYPERV), vsock (AF_VSOCK) and Unix domain sockets as
 * {@link java.nio.channels.SocketChannel}/{@link java.nio.channels.ServerSocketChannel}s, through a
 * {@link java.nio.channels.spi.SelectorProvider} built on the Foreign Function &amp; Memory API.
 *
 * <p>Only {@code dev.hvsock} is exported; the channels, selectors, platform layer and the
 * jextract-generated bindings stay internal.
 */
module dev.hvsock {
    exports dev.hvsock;
}
