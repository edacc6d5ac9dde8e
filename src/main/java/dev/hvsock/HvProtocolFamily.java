package dev.hvsock;

import java.net.ProtocolFamily;

/**
 * The socket families this library adds to {@link java.net.StandardProtocolFamily}.
 *
 * <p>{@link java.net.StandardProtocolFamily#UNIX} is supported as well, through the very same native
 * code path; it is the family that is always available for tests and benchmarks.
 */
public enum HvProtocolFamily implements ProtocolFamily {
    /** Windows Hyper-V sockets ({@code AF_HYPERV}); addresses are {@link HvSocketAddress}es. */
    HYPERV,
    /**
     * Linux virtual sockets ({@code AF_VSOCK}, carried by {@code hv_sock} on Hyper-V, by virtio or
     * {@code vsock_loopback} elsewhere); addresses are {@link VsockAddress}es, or {@link HvSocketAddress}es
     * whose service id follows the vsock template.
     */
    VSOCK
}
