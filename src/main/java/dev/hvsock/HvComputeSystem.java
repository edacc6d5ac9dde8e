package dev.hvsock;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A compute system the Windows Host Compute Service runs: a VM (Hyper-V Manager's, the WSL 2 utility VM, a
 * container's utility VM) or a container, as {@code HcsEnumerateComputeSystems} lists it (the
 * {@code Properties} of the HCS JSON schema:
 * https://learn.microsoft.com/en-us/virtualization/api/hcs/schemareference). {@link HvComputeSystems#list()}
 * returns these; {@code hvsock vms} prints them.
 *
 * <p>Only running (or paused or saved) systems are listed: a Hyper-V Manager VM that is off is not a compute
 * system. The HCS leaves out what it does not know: the WSL 2 VM has no name, and a system that never ran
 * has no state.
 *
 * @param id the compute system's id ({@code Id}): a GUID for VMs, but any string for containers
 *        (e.g. {@code 3f2d...@vm} for a containerd utility VM)
 * @param runtimeId the id of its partition ({@code RuntimeId}), the VM id a Hyper-V socket connects to;
 *        {@code null} if the HCS gives none
 * @param name its {@code Name} (a Hyper-V Manager VM's name), or {@code null}
 * @param owner who created it ({@code Owner}): {@value #OWNER_WSL} for WSL 2, {@code VMMS} for Hyper-V
 *        Manager, {@code docker}, an executable's name ...; or {@code null}
 * @param type {@value #VIRTUAL_MACHINE} or {@value #CONTAINER} ({@code SystemType}), or {@code null}
 * @param state {@code Created}, {@code Running}, {@code Paused}, {@code Stopped}, {@code SavedAsTemplate} or
 *        {@code Unknown} ({@code State}), or {@code null}
 */
public record HvComputeSystem(String id, UUID runtimeId, String name, String owner, String type, String state) {
    /** {@code SystemType} of a VM. */
    public static final String VIRTUAL_MACHINE = "VirtualMachine";
    /** {@code SystemType} of a container. */
    public static final String CONTAINER = "Container";
    /** The {@code Owner} WSL gives its utility VM (microsoft/WSL, {@code wslutil.h}: {@code c_vmOwner}). */
    public static final String OWNER_WSL = "WSL";

    /**
     * A compute system as the Host Compute Service describes it.
     *
     * @throws NullPointerException if {@code id} is null
     */
    public HvComputeSystem {
        Objects.requireNonNull(id, "id");
    }

    /**
     * Whether it is a VM ({@code SystemType} {@value #VIRTUAL_MACHINE}).
     *
     * @return true for a VM
     */
    public boolean isVirtualMachine() {
        return VIRTUAL_MACHINE.equals(type);
    }

    /**
     * Whether it is the WSL 2 utility VM: a VM owned by {@value #OWNER_WSL} (exactly; WSLC's VMs are not).
     *
     * @return true for WSL's VM
     */
    public boolean isWsl() {
        return isVirtualMachine() && OWNER_WSL.equals(owner);
    }

    /**
     * The VM id a Hyper-V socket address needs to reach it: its {@link #runtimeId()}, else its {@link #id()}
     * where that is a GUID. WSL itself listens on the runtime id, which for its VM equals the id (microsoft/WSL,
     * {@code WslCoreVm.cpp}); for a container's utility VM only the runtime id is one (microsoft/hcsshim:
     * "RuntimeID returns Hyper-V VM GUID."). The zero GUID is no VM id: the HCS gives it as the
     * {@code RuntimeId} of a container that runs in no VM of its own (microsoft/hcsshim's container.go shows
     * a {@code Container} with {@code "RuntimeId":"00000000-0000-0000-0000-000000000000"}), and as an
     * address it would be {@link HvSocketAddress#WILDCARD}, which reaches no particular VM.
     *
     * @return the VM id, or empty if the service gave none that is a GUID other than the zero GUID
     */
    public Optional<UUID> vmId() {
        if (runtimeId != null && !runtimeId.equals(HvSocketAddress.WILDCARD)) {
            return Optional.of(runtimeId);
        }
        try {
            return Optional.of(HvSocketAddress.parseGuid(id)).filter(guid -> !guid.equals(HvSocketAddress.WILDCARD));
        } catch (IllegalArgumentException notAGuid) {
            return Optional.empty();
        }
    }
}
