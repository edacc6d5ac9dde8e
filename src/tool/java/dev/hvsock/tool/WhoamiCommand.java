package dev.hvsock.tool;

import dev.hvsock.VsockAddress;
import dev.hvsock.VsockLocal;
import dev.hvsock.VsockTransport;

import java.nio.file.AccessDeniedException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code hvsock whoami}: this Linux machine as vsock sees it, and how it reaches its host. */
final class WhoamiCommand implements Command {
    @Override
    public String name() {
        return "whoami";
    }

    @Override
    public String summary() {
        return "this machine's vsock CID, its vsock transports and the host's address (Linux)";
    }

    @Override
    public String synopsis() {
        return "hvsock whoami";
    }

    @Override
    public String description() {
        return """
                Tells who this Linux machine is to vsock, for use inside a VM:
                  cid         its context id, the kernel's answer to IOCTL_VM_SOCKETS_GET_LOCAL_CID on
                              /dev/vsock: what the host connects to (vsock:CID:PORT). None (or, on newer
                              kernels with vsock_loopback, 1) where no guest-to-host transport is loaded,
                              and none in Hyper-V guests and WSL 2 (hv_sock gives no CID: the host reaches
                              them by VM id, see: hvsock vms)
                  transports  the vsock transports loaded: hv_sock (Hyper-V, WSL 2),
                              vmw_vsock_virtio_transport (QEMU/KVM, Firecracker), vmw_vsock_vmci_transport
                              (VMware), vhost_vsock (this machine hosts VMs), vsock_loopback (CID 1)
                  host        the address of the host's port PORT: vsock:2:PORT, or none
                  loopback    vsock:1:PORT, this machine itself, where vsock_loopback is loaded

                /dev/vsock is often readable by root only (crw-------); the CID then cannot be asked for:
                the rest is printed and the command fails with status 5, naming the device's mode. On
                Windows there is no vsock: status 6.

                Example (in a QEMU guest with CID 3):
                  $ hvsock whoami
                  cid:           3 (the host reaches this machine at vsock:3:PORT)
                  transports:    vmw_vsock_virtio_transport
                  host:          vsock:2:PORT (this guest's host, through vmw_vsock_virtio_transport)
                  loopback:      none (vsock_loopback is not loaded)""";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public ExitCode run(Arguments args) throws Exception {
        args.expect();
        Set<VsockTransport> transports = VsockLocal.transports();
        String cid;
        AccessDeniedException denied = null;
        try {
            cid = describeCid(VsockLocal.localCid(), transports);
        } catch (AccessDeniedException e) {
            denied = e;
            cid = "unknown: no access to /dev/vsock (see the error)";
        }
        StringBuilder out = new StringBuilder();
        row(out, "cid", cid);
        row(out, "transports", transports.isEmpty() ? "none found (sysfs shows no vsock transport)"
                : transports.stream().map(VsockTransport::moduleName).collect(Collectors.joining(", ")));
        row(out, "host", describeHost(transports));
        row(out, "loopback", transports.contains(VsockTransport.LOOPBACK)
                ? "vsock:1:PORT reaches this machine itself" : "none (vsock_loopback is not loaded)");
        System.out.print(out);
        System.out.flush();
        if (denied != null) {
            throw new CliException(ExitCode.PERMISSION, denied.getMessage(), denied);
        }
        return ExitCode.OK;
    }

    private static String describeCid(OptionalLong cid, Set<VsockTransport> transports) {
        if (cid.isPresent()) {
            long value = cid.getAsLong();
            boolean guest = transports.stream().anyMatch(VsockTransport::reachesHost);
            if (value == VsockAddress.CID_HOST && !guest) {
                return value + " (the host's CID: its guests reach it at vsock:2:PORT)";
            }
            if (value == VsockAddress.CID_LOCAL && !guest) {
                // newer kernels answer VMADDR_CID_LOCAL where only vsock_loopback is loaded
                return value + " (VMADDR_CID_LOCAL: no guest-to-host transport is loaded, only the loopback; "
                        + "nothing outside this machine reaches it)";
            }
            return value + " (the host reaches this machine at vsock:" + value + ":PORT)";
        }
        if (transports.contains(VsockTransport.HYPERV)) {
            return "none: hv_sock gives a Hyper-V guest no CID; the Windows host reaches it by its VM id "
                    + "(there: hvsock vms, or VMNAME:PORT / wsl:PORT; inside WSL: wslinfo --vm-id)";
        }
        return "none: no guest-to-host transport is loaded (the kernel answers VMADDR_CID_ANY)";
    }

    private static String describeHost(Set<VsockTransport> transports) {
        if (transports.contains(VsockTransport.HYPERV)) {
            return "vsock:2:PORT (= parent:PORT), the Windows host's Hyper-V service PPPPPPPP-FACB-11E6-BD58-"
                    + "64006A7986D3 (PORT in hex), registered there with: hvsock services add NAME --port PORT";
        }
        for (VsockTransport t : transports) {
            if (t.reachesHost()) {
                return "vsock:2:PORT (this guest's host, through " + t.moduleName() + ")";
            }
        }
        return "none: no guest-to-host transport is loaded" + (transports.contains(VsockTransport.VHOST)
                ? " (this machine is a host: its guests have CIDs of their own)" : "");
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-14s %s%n", name + ":", value));
    }
}
