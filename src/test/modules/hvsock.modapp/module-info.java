/**
 * An application module that uses hvsock-nio's Netty transport from the module path (ModulePathTest
 * compiles and runs it). It requires Netty's modules itself: the library's {@code requires static} leaves
 * Netty to the application.
 */
module hvsock.modapp {
    requires dev.hvsock;
    requires io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
}
