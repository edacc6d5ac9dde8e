package dev.hvsock.tool;

import dev.hvsock.HvComputeSystem;
import dev.hvsock.HvComputeSystems;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code hvsock vms}: the running VMs and containers of a Windows host, with the ids addresses need. */
final class VmsCommand implements Command {
    @Override
    public String name() {
        return "vms";
    }

    @Override
    public String summary() {
        return "list the host's running VMs and containers: VM id, name, owner, state (Windows)";
    }

    @Override
    public String synopsis() {
        return "hvsock vms";
    }

    @Override
    public String description() {
        return """
                Lists the compute systems the Windows host's Host Compute Service runs: Hyper-V Manager's
                VMs, the WSL 2 utility VM, containers and their utility VMs. For each: the VM id a Hyper-V
                address needs (VMID:PORT), its name, type, owner (VMMS for Hyper-V Manager, WSL, docker, ...)
                and state. A VM that is off is not running, and not listed.

                Addresses may name a listed VM instead of its id: NAME:PORT (any case), or wsl:PORT for
                the WSL 2 VM, whose id changes every time WSL starts (see: hvsock address --help).

                Listing needs an elevated prompt or membership in the Hyper-V Administrators group; without
                either the command fails with status 5. On Linux there is no Host Compute Service: status 6
                (in a guest, hvsock whoami tells how to reach the host).

                Example:
                  hvsock vms
                  hvsock connect BuildServer:5000""";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public ExitCode run(Arguments args) throws Exception {
        args.expect();
        List<HvComputeSystem> systems = HvComputeSystems.list();
        if (systems.isEmpty()) {
            System.out.println("(no running VMs or containers)");
            return ExitCode.OK;
        }
        System.out.print(table(systems));
        System.out.flush();
        return ExitCode.OK;
    }

    /** One row per system under a header, columns aligned; a missing value is {@code -}. */
    private static String table(List<HvComputeSystem> systems) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"VM ID", "NAME", "TYPE", "OWNER", "STATE"});
        for (HvComputeSystem s : systems) {
            rows.add(new String[]{
                s.vmId().map(Object::toString).orElse("(none: HCS id " + s.id() + ")"),
                s.name() != null ? s.name() : s.isWsl() ? "(wsl)" : "-",
                s.type() == null ? "-" : s.isVirtualMachine() ? "VM" : s.type().toLowerCase(Locale.ROOT),
                orDash(s.owner()),
                orDash(s.state())});
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                line.append(i == row.length - 1 ? cell : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", cell));
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String orDash(String value) {
        return value != null ? value : "-";
    }
}
