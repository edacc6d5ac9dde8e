package dev.hvsock.reliability;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.VsockAddress;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * The two transports the reliability tests run over: AF_UNIX (always here) and AF_VSOCK through the
 * {@code vsock_loopback} transport (only inside the QEMU guest; the tests that use it are {@code @VsockTest}s).
 * A vsock client only ever connects to CID 1 ({@link VsockAddress#CID_LOCAL}): {@link #connectAddress} builds
 * no other address.
 */
enum Transport {
    UNIX(StandardProtocolFamily.UNIX),
    VSOCK(HvProtocolFamily.VSOCK);

    final ProtocolFamily family;

    Transport(ProtocolFamily family) {
        this.family = family;
    }

    SelectorProvider provider() {
        return HvSelectorProvider.provider();
    }

    SocketChannel open() throws IOException {
        return provider().openSocketChannel(family);
    }

    /** A listener on a fresh address: a temporary socket file, or any vsock port. */
    ServerSocketChannel listen(int backlog) throws IOException {
        ServerSocketChannel listener = provider().openServerSocketChannel(family);
        try {
            listener.bind(this == UNIX ? null : VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY), backlog);
            return listener;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** Where a client reaches {@code listener}: its socket file, or its port on CID 1 (never any other CID). */
    SocketAddress connectAddress(ServerSocketChannel listener) throws IOException {
        SocketAddress local = listener.getLocalAddress();
        if (this == UNIX) {
            return local;
        }
        return VsockAddress.of(VsockAddress.CID_LOCAL, ((VsockAddress) local).port());
    }
}
