package dev.hvsock;

import dev.hvsock.internal.platform.ComputeSystemSource;
import dev.hvsock.internal.platform.Platforms;

import java.io.IOException;
import java.util.List;

/**
 * The compute systems of a Windows host: its running VMs (Hyper-V Manager's, the WSL 2 utility VM) and
 * containers, as the Host Compute Service lists them ({@code HcsEnumerateComputeSystems} of
 * {@code computecore.dll}, or of {@code vmcompute.dll} before Windows 10 1809). {@link HvAddressResolver}
 * finds a VM's id among them by name; from the command line: {@code hvsock vms}.
 *
 * <p>Listing needs an elevated process or membership in the Hyper-V Administrators group (Microsoft's
 * {@code HCS_E_ACCESS_DENIED}: "Only administrators or users that are members of the Hyper-V
 * Administrators user group are permitted to access virtual machines or containers").
 *
 * <p>The Host Compute Service exists on Windows only: elsewhere {@link #list()} throws
 * {@link UnsupportedOperationException} with the reason.
 */
public final class HvComputeSystems {
    private HvComputeSystems() {
    }

    /**
     * Every compute system the Host Compute Service lists, in its order; empty where none runs.
     *
     * @return the compute systems
     * @throws java.nio.file.AccessDeniedException without the rights to list them, saying which are needed
     * @throws UnsupportedOperationException if this machine has no Host Compute Service (not Windows, or
     *         Hyper-V and the Virtual Machine Platform are not enabled)
     * @throws IOException if the service fails otherwise, with its error and message
     */
    public static List<HvComputeSystem> list() throws IOException {
        ComputeSystemSource source = Platforms.current().host().computeSystems().orElseThrow(
                () -> new UnsupportedOperationException("VMs and containers are listed by the Windows host's Host "
                + "Compute Service, which " + System.getProperty("os.name") + " has not: resolve VM names on the "
                + "host (in a guest the host is parent, vsock CID 2)"));
        return source.computeSystems();
    }
}
