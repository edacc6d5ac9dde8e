package dev.hvsock.tool;

import dev.hvsock.HvServiceRegistration;
import dev.hvsock.HvServiceRegistry;
import dev.hvsock.HvSocketAddress;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;

/** {@code hvsock services list|add|remove}: the Windows host's registered Hyper-V services. */
final class ServicesCommand implements Command {
    @Override
    public String name() {
        return "services";
    }

    @Override
    public String summary() {
        return "list, add or remove the host's registered Hyper-V services (Windows)";
    }

    @Override
    public String synopsis() {
        return "hvsock services list | add NAME [--guid GUID | --port PORT] | remove GUID";
    }

    @Override
    public String description() {
        return """
                A Windows host accepts Hyper-V socket connections from VMs only for services registered under
                HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices.

                  list                 the registered services: service id, name, vsock port if it has one
                  add NAME             register NAME with a new random service id
                  add NAME --guid G    ... with service id G
                  add NAME --port P    ... with the vsock template id for port P, so Linux guests and WSL2
                                       can reach it as vsock port P
                  remove GUID          unregister a service id

                add and remove need an elevated (administrator) prompt; without it they fail with exit
                status 5. On Linux there is no registry: the command explains the vsock port template and
                exits with status 6.

                Examples:
                  hvsock services add "my echo service" --port 5000
                  hvsock services list
                  hvsock services remove 00001388-facb-11e6-bd58-64006a7986d3""";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.valued("guid", "g", "GUID", "the service id to register (add)"),
                Option.valued("port", "p", "PORT", "register the vsock template id of this port (add)"));
    }

    @Override
    public ExitCode run(Arguments args) throws Exception {
        List<String> positionals = args.positionals();
        if (positionals.isEmpty()) {
            throw CliException.usage("missing action: list, add or remove (see: hvsock services --help)");
        }
        String action = positionals.getFirst();
        return switch (action) {
            case "list" -> {
                args.expect("list");
                noOptions(args, "list");
                requireRegistry(null);
                List<HvServiceRegistration> services = HvServiceRegistry.list();
                for (HvServiceRegistration s : services) {
                    String name = s.elementName() != null ? s.elementName() : "(no ElementName)";
                    System.out.println(s.serviceId() + "  " + name + portNote(s.serviceId()));
                }
                if (services.isEmpty()) {
                    System.out.println("(no registered services)");
                }
                yield ExitCode.OK;
            }
            case "add" -> {
                String name = args.expect("add", "NAME").get(1);
                UUID id = serviceIdToAdd(args);
                requireRegistry(id);
                HvServiceRegistry.register(name, id);
                System.out.println("registered " + id + " \"" + name + "\"" + portNote(id));
                yield ExitCode.OK;
            }
            case "remove" -> {
                UUID id = parseGuid(args.expect("remove", "GUID").get(1));
                noOptions(args, "remove");
                requireRegistry(id);
                if (!HvServiceRegistry.unregister(id)) {
                    throw new CliException(ExitCode.FAILURE, "no registered service " + id);
                }
                System.out.println("removed " + id);
                yield ExitCode.OK;
            }
            default -> throw CliException.usage("unknown action \"" + action + "\": want list, add or remove");
        };
    }

    private static UUID serviceIdToAdd(Arguments args) throws CliException {
        var guid = args.value("guid");
        var port = args.value("port");
        if (guid.isPresent() && port.isPresent()) {
            throw CliException.usage("give --guid or --port, not both");
        }
        if (guid.isPresent()) {
            return parseGuid(guid.get());
        }
        if (port.isPresent()) {
            try {
                return HvSocketAddress.vsockServiceId(Long.parseLong(port.get()));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("bad --port \"" + port.get() + "\": want 0 to "
                        + HvSocketAddress.MAX_VSOCK_PORT);
            }
        }
        return UUID.randomUUID();
    }

    private static void noOptions(Arguments args, String action) throws CliException {
        if (args.value("guid").isPresent() || args.value("port").isPresent()) {
            throw CliException.usage("--guid and --port go with add, not " + action);
        }
    }

    private static UUID parseGuid(String text) throws CliException {
        try {
            return HvSocketAddress.parseGuid(text.strip());
        } catch (IllegalArgumentException e) {
            throw CliException.usage("bad GUID \"" + text + "\": want e.g. 00001388-facb-11e6-bd58-64006a7986d3");
        }
    }

    private static String portNote(UUID id) {
        OptionalLong port = HvSocketAddress.vsockPort(id);
        return port.isPresent() ? "  (vsock port " + port.getAsLong() + ")" : "";
    }

    /** Nothing on Windows; elsewhere prints the explanation of the vsock template and ends with status 6. */
    private static void requireRegistry(UUID id) throws CliException {
        if (Endpoint.onWindows()) {
            return;
        }
        System.out.print(linuxExplanation(id));
        System.out.flush();
        throw new CliException(ExitCode.UNSUPPORTED, "no Hyper-V service registry on this platform ("
                + System.getProperty("os.name") + "): services are registered on the Windows host");
    }

    private static String linuxExplanation(UUID id) {
        OptionalLong port = id != null ? HvSocketAddress.vsockPort(id) : OptionalLong.empty();
        long example = port.isPresent() ? port.getAsLong() : 5000;
        UUID exampleId = HvSocketAddress.vsockServiceId(example);
        return String.format(Locale.ROOT, """
                Linux has no Hyper-V service registry. A Linux guest (or WSL2) reaches Hyper-V services through
                vsock, where a service is a port: its service id is the vsock template
                PPPPPPPP-FACB-11E6-BD58-64006A7986D3 with the port P in hex (port %d = %s).

                To let guests reach a service on port %d of the Windows host, register that id on the host
                (elevated):   hvsock services add NAME --port %d
                In the guest, connect to the host with  vsock:2:%d  (or parent:%d), or listen with
                vsock:any:%d  and let the host connect to VMID:%d.
                hvsock address vsock:any:%d prints every form of such an address.
                """, example, exampleId, example, example, example, example, example, example, example);
    }
}
