package dev.hvsock;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Who this Linux machine is to vsock: its own CID and the transports that are loaded, as
 * {@link VsockLocal#identity()} finds them. {@code hvsock whoami} prints it.
 *
 * <p>The CID is what the kernel answers to {@code IOCTL_VM_SOCKETS_GET_LOCAL_CID}: the guest-to-host
 * transport's CID if one is loaded, else the host-to-guest transport's ({@code vhost_vsock}: 2), else, on
 * kernels with a 2025 change to that ioctl (Debian's 6.1 has it), 1 ({@link VsockAddress#CID_LOCAL}) where
 * only {@code vsock_loopback} is loaded. The kernel answers {@code VMADDR_CID_ANY} where there is nothing to
 * give, older kernels also for the loopback alone, and always under {@code hv_sock}, which gives a guest no
 * CID (Hyper-V names VMs by id): then there is no CID, and {@link #localCid()} is empty. Only a
 * guest-to-host transport ({@link #reachesHost()}) makes the CID one a host can reach.
 *
 * @param localCid this machine's CID, or empty if it has none
 * @param transports the vsock transports loaded
 */
public record VsockIdentity(OptionalLong localCid, Set<VsockTransport> transports) {
    private static final long MAX_CID = VsockAddress.CID_ANY - 1;

    /**
     * An identity; the transports are copied.
     *
     * @throws IllegalArgumentException if the CID is outside 0 to 4294967294
     */
    public VsockIdentity {
        Objects.requireNonNull(localCid, "localCid");
        Objects.requireNonNull(transports, "transports");
        if (localCid.isPresent() && (localCid.getAsLong() < 0 || localCid.getAsLong() > MAX_CID)) {
            throw new IllegalArgumentException("a CID is 0 to " + MAX_CID + " (" + VsockAddress.CID_ANY
                    + ", VMADDR_CID_ANY, means none): " + localCid.getAsLong());
        }
        EnumSet<VsockTransport> copy = EnumSet.noneOf(VsockTransport.class);
        copy.addAll(transports);
        transports = Collections.unmodifiableSet(copy);
    }

    /**
     * Whether a guest-to-host transport is loaded ({@link VsockTransport#reachesHost()}): this is a guest.
     *
     * @return true in a guest
     */
    public boolean reachesHost() {
        return transports.stream().anyMatch(VsockTransport::reachesHost);
    }

    /**
     * The address of {@code port} on this guest's host ({@code vsock:2:PORT}), or empty if no guest-to-host
     * transport is loaded. Under {@code hv_sock} it reaches the Windows host's Hyper-V service
     * {@code PPPPPPPP-FACB-11E6-BD58-64006A7986D3} (the port in hex), which the host must register.
     *
     * @param port the host's vsock port
     * @return the host's address, or empty outside a guest
     */
    public Optional<VsockAddress> hostAddress(long port) {
        return reachesHost() ? Optional.of(VsockAddress.of(VsockAddress.CID_HOST, port)) : Optional.empty();
    }
}
