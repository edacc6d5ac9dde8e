/**
 * An application module that uses hvsock-nio without Netty (ModulePathWithoutNettyTest compiles and runs it
 * with only the library on the module path): the library's Netty modules are {@code requires static}, not
 * transitive, so a module that reads {@code dev.hvsock} needs no Netty to compile or to run.
 */
module hvsock.plainapp {
    requires dev.hvsock;
}
