package dev.hvsock;

import dev.hvsock.internal.platform.LocalVsock;
import dev.hvsock.internal.platform.Platforms;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.Set;

/**
 * This Linux machine as vsock sees it: "who am I" in a guest. Its CID is what a host connects to
 * ({@code vsock:CID:PORT}); its transports say whether it is a guest and of which hypervisor, and so how it
 * reaches its host: {@code vsock:2:PORT} ({@link VsockIdentity#hostAddress(long)}). From the command line:
 * {@code hvsock whoami}.
 *
 * <p>A Hyper-V guest (and WSL 2) has no CID: the host addresses it by its VM id, which the guest cannot ask
 * vsock for ({@code wslinfo --vm-id} prints WSL's); on the host, {@link HvAddressResolver} finds it by name.
 *
 * <p>vsock exists on Linux only: elsewhere every method throws {@link UnsupportedOperationException}.
 */
public final class VsockLocal {
    private VsockLocal() {
    }

    /**
     * This machine's CID and transports.
     *
     * @return the CID and the transports
     * @throws java.nio.file.AccessDeniedException if {@code /dev/vsock}, which alone answers for the CID, may
     *         not be opened (it is often {@code crw-------} root): the message names its mode and owner
     * @throws UnsupportedOperationException if this machine has no vsock
     */
    public static VsockIdentity identity() throws IOException {
        return new VsockIdentity(localCid(), transports());
    }

    /**
     * This machine's CID: the kernel's answer to {@code IOCTL_VM_SOCKETS_GET_LOCAL_CID} on {@code /dev/vsock},
     * or empty where it answers {@code VMADDR_CID_ANY}, which means this machine has no CID: no guest-to-host
     * transport is loaded (nor {@code vhost_vsock}; newer kernels then answer 1 where {@code vsock_loopback}
     * is), or it is {@code hv_sock}, which gives none. See {@link VsockIdentity}.
     *
     * @return the CID, or empty if there is none
     * @throws java.nio.file.AccessDeniedException if {@code /dev/vsock} may not be opened, naming its mode
     * @throws UnsupportedOperationException if this machine has no vsock
     */
    public static OptionalLong localCid() throws IOException {
        long cid = local().localCid();
        return cid == VsockAddress.CID_ANY ? OptionalLong.empty() : OptionalLong.of(cid);
    }

    /**
     * The vsock transports loaded (what sysfs shows: see {@link VsockTransport}); no rights needed.
     *
     * @return the transports
     * @throws IOException if sysfs cannot be read
     */
    public static Set<VsockTransport> transports() throws IOException {
        return local().transports();
    }

    private static LocalVsock local() {
        return Platforms.current().host().localVsock().orElseThrow(() -> new UnsupportedOperationException(
                "vsock (and a CID) exists on Linux only, not on " + System.getProperty("os.name")
                + "; on a Windows host, VMs are found by name with HvAddressResolver and HvComputeSystems"));
    }
}
