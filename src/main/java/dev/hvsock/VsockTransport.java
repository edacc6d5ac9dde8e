package dev.hvsock;

/**
 * A Linux vsock transport: the kernel module that carries {@code AF_VSOCK} connections to some kind of peer.
 * Which are loaded tells a guest where it is and how to reach its host; {@link VsockLocal#transports()} finds
 * them.
 */
public enum VsockTransport {
    /** {@code hv_sock}: a Hyper-V guest or WSL 2 to its Windows host, over VMBus. Gives the guest no CID. */
    HYPERV("hv_sock", true),
    /** {@code vmw_vsock_virtio_transport}: a QEMU/KVM or Firecracker guest to its host, through a virtio device. */
    VIRTIO("vmw_vsock_virtio_transport", true),
    /** {@code vmw_vsock_vmci_transport}: a VMware guest to its host. */
    VMCI("vmw_vsock_vmci_transport", true),
    /** {@code vhost_vsock}: this machine is the host of QEMU/KVM guests; its own CID is then 2. */
    VHOST("vhost_vsock", false),
    /** {@code vsock_loopback}: connections within this machine, to CID 1 ({@link VsockAddress#CID_LOCAL}). */
    LOOPBACK("vsock_loopback", false);

    private final String moduleName;
    private final boolean reachesHost;

    VsockTransport(String moduleName, boolean reachesHost) {
        this.moduleName = moduleName;
        this.reachesHost = reachesHost;
    }

    /**
     * The kernel module's name, e.g. {@code hv_sock}.
     *
     * @return the module's name
     */
    public String moduleName() {
        return moduleName;
    }

    /**
     * Whether it is a guest-to-host transport: one that makes this machine a guest whose host is CID 2
     * ({@link VsockAddress#CID_HOST}).
     *
     * @return true for a guest-to-host transport
     */
    public boolean reachesHost() {
        return reachesHost;
    }
}
