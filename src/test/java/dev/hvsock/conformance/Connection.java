package dev.hvsock.conformance;

import java.nio.channels.SocketChannel;

/** Both ends of one connection: the connecting side and the accepted side, both in blocking mode. */
record Connection(SocketChannel client, SocketChannel server) {
}
