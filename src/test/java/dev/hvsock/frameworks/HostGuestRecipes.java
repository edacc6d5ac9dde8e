package dev.hvsock.frameworks;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.VsockAddress;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.UUID;

/**
 * A Windows host and its Linux guests (Hyper-V VMs, WSL2) talking over Hyper-V sockets: the host side
 * speaks AF_HYPERV with a VM id and a service id that carries a vsock port, the guest side AF_VSOCK with
 * that port. The tests run each side against the loopback of its own OS (HostGuestVsockTest in the vsock
 * guest harness, HostGuestHyperVTest on Windows).
 */
final class HostGuestRecipes {
    private HostGuestRecipes() {
    }

    // tag::guest-listen[]
    /** In the Linux guest: accept connections from the host on vsock port {@code port}. */
    static ServerSocketChannel listenForHost(long port) throws IOException {
        ServerSocketChannel listener = HvSelectorProvider.provider().openServerSocketChannel(HvProtocolFamily.VSOCK);
        listener.bind(VsockAddress.of(VsockAddress.CID_ANY, port));
        return listener;
    }
    // end::guest-listen[]

    // tag::guest-connect[]
    /** In the Linux guest: connect to port {@code port} of {@code cid} (the host: VsockAddress.CID_HOST). */
    static SocketChannel connectToHost(long cid, long port) throws IOException {
        SocketChannel channel = HvSelectorProvider.provider().openSocketChannel(HvProtocolFamily.VSOCK);
        channel.connect(VsockAddress.of(cid, port));
        return channel;
    }
    // end::guest-connect[]

    // tag::host-connect[]
    /** On the Windows host: connect to vsock port {@code port} of the VM (or WSL2 utility VM) {@code vmId}. */
    static SocketChannel connectToGuest(UUID vmId, long port) throws IOException {
        SocketChannel channel = HvSelectorProvider.provider().openSocketChannel(HvProtocolFamily.HYPERV);
        channel.connect(HvSocketAddress.ofVsockPort(vmId, port));
        return channel;
    }
    // end::host-connect[]

    // tag::host-listen[]
    /** On the Windows host: accept connections on vsock port {@code port} from {@code vmId} (WILDCARD: any VM). */
    static ServerSocketChannel listenForGuests(UUID vmId, long port) throws IOException {
        ServerSocketChannel listener = HvSelectorProvider.provider().openServerSocketChannel(HvProtocolFamily.HYPERV);
        listener.bind(HvSocketAddress.ofVsockPort(vmId, port));
        return listener;
    }
    // end::host-listen[]
}
