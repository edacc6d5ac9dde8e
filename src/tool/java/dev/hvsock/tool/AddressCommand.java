package dev.hvsock.tool;

import dev.hvsock.HvSocketAddress;
import dev.hvsock.VsockAddress;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;

/** {@code hvsock address ADDRESS}: one address in every form, to help people get addresses right. */
final class AddressCommand implements Command {
    @Override
    public String name() {
        return "address";
    }

    @Override
    public String summary() {
        return "parse ADDRESS and print it in every form (GUID pair, vsock CID/port, template port)";
    }

    @Override
    public String synopsis() {
        return "hvsock address ADDRESS...";
    }

    @Override
    public String description() {
        return """
                Parses each ADDRESS the way every other command does and prints it in every form it has: the
                Hyper-V GUID pair (VM id, service id), the vsock CID and port, and the vsock port carried
                by a template service id (PPPPPPPP-FACB-11E6-BD58-64006A7986D3, P = port in hex).

                Address syntax:
                  unix:PATH          a Unix domain socket (Linux, Windows 10 1803+)
                  tcp:HOST:PORT      TCP, through the JDK's own sockets (tcp:[::1]:80 for IPv6)
                  vsock:CID:PORT     vsock (Linux); CID any|local|host|hypervisor or a number, PORT any or a number
                  VM:SERVICE         Hyper-V (also written hyperv:VM:SERVICE); VM is a GUID or wildcard (*),
                                     broadcast, children, loopback, parent, silohost, or on a Windows host
                                     wsl (the running WSL 2 VM) or the name of a running VM (any case);
                                     SERVICE is a GUID, a decimal vsock port (mapped through the template;
                                     on Windows at most 2147483647, the ports Linux's hv_sock maps) or, on
                                     Windows, the name of a registered service
                On Linux a Hyper-V address is used through vsock: loopback = CID 1, parent = CID 2 (the
                host), wildcard = any (listen only); the service id must follow the template.
                VM names are looked up by the Host Compute Service, which needs an elevated prompt (or the
                Hyper-V Administrators group); the "resolved" lines show what a name became.

                Examples:
                  hvsock address parent:5000
                  hvsock address vsock:3:5000
                  hvsock address wsl:5000              # on the Windows host: the WSL 2 VM's id
                  hvsock address myvm:5000             # ... a VM's id, from its name
                  hvsock address loopback:00001388-facb-11e6-bd58-64006a7986d3""";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public ExitCode run(Arguments args) throws CliException {
        List<String> addresses = args.positionals();
        if (addresses.isEmpty()) {
            throw CliException.usage("missing ADDRESS (see: hvsock address --help)");
        }
        List<Endpoint> endpoints = new java.util.ArrayList<>();
        for (String text : addresses) {
            endpoints.add(Endpoint.parse(text)); // all or nothing: a bad one prints nothing
        }
        StringBuilder out = new StringBuilder();
        for (Endpoint endpoint : endpoints) {
            if (!out.isEmpty()) {
                out.append(System.lineSeparator());
            }
            out.append(describe(endpoint));
        }
        System.out.print(out);
        System.out.flush();
        return ExitCode.OK;
    }

    private static String describe(Endpoint endpoint) {
        Table out = new Table();
        out.row("address", endpoint.text());
        for (String name : endpoint.resolved()) {
            out.row("resolved", name);
        }
        switch (endpoint.kind()) {
            case HYPERV -> hyperV(out, (HvSocketAddress) endpoint.address());
            case VSOCK -> vsock(out, (VsockAddress) endpoint.address());
            case UNIX -> {
                UnixDomainSocketAddress unix = (UnixDomainSocketAddress) endpoint.address();
                out.row("kind", "Unix domain socket (AF_UNIX)");
                out.row("path", unix.getPath().toString());
                out.row("absolute path", unix.getPath().toAbsolutePath().toString());
                out.row("hyper-v", "none: a Unix socket is local to this machine");
                out.row("vsock", "none");
            }
            case TCP -> {
                InetSocketAddress inet = (InetSocketAddress) endpoint.address();
                out.row("kind", "TCP (the JDK's own sockets)");
                out.row("host", inet.getHostString());
                out.row("resolved", inet.isUnresolved() ? "no: unknown host" : inet.getAddress().getHostAddress());
                out.row("port", Integer.toString(inet.getPort()));
                out.row("hyper-v", "none: use hvsock relay to bridge TCP and Hyper-V/vsock");
                out.row("vsock", "none");
            }
        }
        return out.toString();
    }

    private static void hyperV(Table out, HvSocketAddress hv) {
        UUID vm = hv.vmId();
        OptionalLong port = hv.vsockPort();
        out.row("kind", "Hyper-V socket address (SOCKADDR_HV: VM id + service id)");
        out.row("guid pair", vm + ":" + hv.serviceId());
        out.row("vm id", vm + " (" + describeVm(vm) + ")");
        out.row("service id", hv.serviceId().toString());
        out.row("template port", port.isPresent() ? portText(port.getAsLong())
                : "none: the service id does not follow the vsock template " + template());
        if (port.isEmpty()) {
            out.row("vsock", "none: Linux (vsock) reaches only template service ids, i.e. ports");
        } else {
            String cid = vsockCid(vm);
            out.row("vsock", cid != null
                    ? "vsock:" + cid + ":" + port.getAsLong() + " (what Linux uses for this address)"
                    : "vsock:CID:" + port.getAsLong() + " with the guest's CID (a VM id has no fixed CID)");
        }
        out.row("short form", hv.toString());
    }

    private static void vsock(Table out, VsockAddress vsock) {
        out.row("kind", "vsock address (sockaddr_vm: CID + port)");
        out.row("cid", cidText(vsock.cid()) + " (" + describeCid(vsock.cid()) + ")");
        boolean anyPort = vsock.port() == VsockAddress.PORT_ANY;
        out.row("port", anyPort ? "any (the kernel picks one when binding)" : portText(vsock.port()));
        if (anyPort) {
            out.row("service id", "none: port any has no service id");
            out.row("hyper-v", "none");
            return;
        }
        if (vsock.port() > HvSocketAddress.MAX_VSOCK_PORT) {
            out.row("service id", "none: hvsocket.h maps only ports 0 to 0x7FFFFFFF to service ids (Linux keeps "
                    + "the ports above for the host's ephemeral ones)");
            out.row("hyper-v", "none");
            return;
        }
        UUID service = HvSocketAddress.vsockServiceId(vsock.port());
        out.row("service id", service + " (the vsock template for port " + vsock.port() + ")");
        UUID vm = hyperVmFor(vsock.cid());
        if (vm != null) {
            HvSocketAddress hv = HvSocketAddress.of(vm, service);
            out.row("hyper-v", hv + " (" + describeVm(vm) + ")");
            out.row("guid pair", vm + ":" + service);
        } else if (vsock.cid() == VsockAddress.CID_HYPERVISOR) {
            out.row("hyper-v", "none: the hypervisor CID has no Hyper-V socket form");
        } else {
            out.row("hyper-v", "VMID:" + service + " from the Windows host, VMID = the VM's id (hvsock vms, "
                    + "or NAME:" + vsock.port() + " / wsl:" + vsock.port() + " there)");
        }
    }

    /** The CID Linux uses for a Hyper-V VM id, as the library maps it; null when there is none. */
    private static String vsockCid(UUID vm) {
        if (vm.equals(HvSocketAddress.WILDCARD)) return "any";
        if (vm.equals(HvSocketAddress.LOOPBACK)) return Long.toString(VsockAddress.CID_LOCAL);
        if (vm.equals(HvSocketAddress.PARENT)) return Long.toString(VsockAddress.CID_HOST);
        return null;
    }

    private static UUID hyperVmFor(long cid) {
        if (cid == VsockAddress.CID_ANY) return HvSocketAddress.WILDCARD;
        if (cid == VsockAddress.CID_LOCAL) return HvSocketAddress.LOOPBACK;
        if (cid == VsockAddress.CID_HOST) return HvSocketAddress.PARENT;
        return null;
    }

    private static String describeVm(UUID vm) {
        if (vm.equals(HvSocketAddress.WILDCARD)) return "wildcard: any partition, for listening";
        if (vm.equals(HvSocketAddress.BROADCAST)) return "broadcast";
        if (vm.equals(HvSocketAddress.CHILDREN)) return "children: every VM of this host, for listening";
        if (vm.equals(HvSocketAddress.LOOPBACK)) return "loopback: this partition";
        if (vm.equals(HvSocketAddress.PARENT)) return "parent: the host, seen from a VM";
        if (vm.equals(HvSocketAddress.SILOHOST)) return "silohost: the utility VM of a Windows container";
        return "a VM's id";
    }

    private static String cidText(long cid) {
        return cid == VsockAddress.CID_ANY ? "any" : Long.toString(cid);
    }

    private static String describeCid(long cid) {
        if (cid == VsockAddress.CID_ANY) return "every CID of this machine, for listening";
        if (cid == VsockAddress.CID_HYPERVISOR) return "the hypervisor";
        if (cid == VsockAddress.CID_LOCAL) return "local: this machine through vsock_loopback";
        if (cid == VsockAddress.CID_HOST) return "host: the host, seen from a guest";
        return "a guest VM";
    }

    private static String portText(long port) {
        return port + String.format(Locale.ROOT, " (0x%08x)", port);
    }

    private static String template() {
        return "PPPPPPPP-" + HvSocketAddress.VSOCK_TEMPLATE.toString().substring(9).toUpperCase(Locale.ROOT);
    }

    /** Rows of {@code name: value}, values aligned. */
    private static final class Table {
        private final StringBuilder text = new StringBuilder();

        void row(String name, String value) {
            text.append(String.format(Locale.ROOT, "%-14s %s%n", name + ":", value));
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
