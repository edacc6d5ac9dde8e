package dev.hvsock;

import java.io.IOException;
import java.net.UnknownHostException;
import java.net.UnknownServiceException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns what people type into a Hyper-V socket address, looking names up where {@link HvSocketAddress#parse}
 * (which does no I/O) does not: {@code VM:SERVICE}, as in {@code hvsock connect wsl:5000} or
 * {@code hvsock relay tcp:127.0.0.1:8080 myvm:5000}.
 *
 * <p>The VM, in this order of precedence:
 * <ol>
 *   <li>a GUID or a well-known name ({@code parent}, {@code loopback}, ...): as {@link HvSocketAddress#parse}
 *       reads it, without any lookup;
 *   <li>{@code wsl} (any case): the running WSL 2 utility VM, the one VM the Host Compute Service lists with
 *       owner {@value HvComputeSystem#OWNER_WSL} (its id changes every time WSL starts, so it is looked up
 *       each time);
 *   <li>anything else is the name of a running VM or container, matched against the names the Host Compute
 *       Service lists <em>ignoring case</em>, as Hyper-V's own {@code Get-VM -Name} matches (a PowerShell
 *       wildcard pattern, and PowerShell matches those ignoring case: about_Wildcards, "a* matches ... Apple")
 *       and as libzmq's Hyper-V transport does ({@code _wcsicmp}). Hyper-V allows two VMs one name: then the
 *       name is ambiguous, and the error lists their ids.
 * </ol>
 * The address gets the VM's {@link HvComputeSystem#vmId() VM id}. Names need the Host Compute Service, so
 * an elevated process (or the Hyper-V Administrators group) on a Windows host; a VM that is off is not
 * listed, and so not found.
 *
 * <p>The service: a GUID; a decimal vsock port, carried by the template
 * {@code PPPPPPPP-FACB-11E6-BD58-64006A7986D3}; or the {@code ElementName} of a registered service
 * ({@link HvServiceRegistry#find}, exactly as registered). The port is 0 to
 * {@value HvSocketAddress#MAX_VSOCK_PORT} (0x7FFFFFFF), as {@link HvSocketAddress#parse} takes it: the range
 * {@code hvsocket.h} maps to service ids and Linux's {@code hv_sock} maps to and from them ("the port must be in
 * this range [0, 0x7FFFFFFF]", net/vmw_vsock/hyperv_transport.c). A higher vsock port (the kernel picks such
 * ports for the loopback and virtio transports' ephemeral ends) is no Hyper-V service: it is a
 * {@link VsockAddress}.
 *
 * <p>Errors: text that is no address at all, {@link IllegalArgumentException} (as {@code parse}); a name
 * that matches no running VM, {@link UnknownHostException}, and no registered service,
 * {@link UnknownServiceException}; a name that matches several, {@link IOException} listing them; no
 * rights to list the VMs, {@link java.nio.file.AccessDeniedException}; no Host Compute Service or registry
 * (not Windows, no Hyper-V), {@link UnsupportedOperationException}. A GUID, a well-known name or a port
 * never fails for want of any of these.
 */
public final class HvAddressResolver {
    /** The VM name that stands for the WSL 2 utility VM. */
    public static final String WSL = "wsl";

    /** Where the compute systems come from. */
    @FunctionalInterface
    interface ComputeSystems {
        List<HvComputeSystem> list() throws IOException;
    }

    /** Where registered services' names are looked up. */
    @FunctionalInterface
    interface ServiceNames {
        Optional<UUID> find(String elementName) throws IOException;
    }

    /** The resolver of this machine, made when first used. */
    private static final class OnThisMachine {
        static final HvAddressResolver RESOLVER = new HvAddressResolver(HvComputeSystems::list,
                HvServiceRegistry::find);
    }

    private final ComputeSystems computeSystems;
    private final ServiceNames serviceNames;

    /** A resolver over other sources than this machine's: the tests'. */
    HvAddressResolver(ComputeSystems computeSystems, ServiceNames serviceNames) {
        this.computeSystems = computeSystems;
        this.serviceNames = serviceNames;
    }

    /**
     * The address {@code text} ({@code VM:SERVICE}) names, looked up as the class description says.
     *
     * @param text {@code VM:SERVICE}
     * @return the address, with the VM and service ids the names stand for
     * @throws IllegalArgumentException if the text is no {@code VM:SERVICE}, or its port is out of range
     * @throws UnknownHostException if no running VM has that name (or no WSL 2 VM runs)
     * @throws UnknownServiceException if no service is registered under that name
     * @throws IOException if a name is ambiguous, or a lookup fails
     */
    public static HvSocketAddress resolve(String text) throws IOException {
        return OnThisMachine.RESOLVER.address(text);
    }

    /**
     * The VM id {@code vm} names: a GUID, a well-known name, {@code wsl} or a VM's name.
     *
     * @param vm the VM part of an address
     * @return the VM id
     * @throws IllegalArgumentException if it is empty
     * @throws UnknownHostException if no running VM has that name (or no WSL 2 VM runs)
     * @throws IOException if the name is ambiguous, or the lookup fails
     */
    public static UUID resolveVm(String vm) throws IOException {
        return OnThisMachine.RESOLVER.vmId(vm);
    }

    /**
     * The service id {@code service} names: a GUID, a vsock port or a registered service's name.
     *
     * @param service the service part of an address
     * @return the service id
     * @throws IllegalArgumentException if it is empty, or its port is out of range
     * @throws UnknownServiceException if no service is registered under that name
     * @throws IOException if the lookup fails
     */
    public static UUID resolveService(String service) throws IOException {
        return OnThisMachine.RESOLVER.serviceId(service);
    }

    HvSocketAddress address(String text) throws IOException {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0 || colon != text.lastIndexOf(':')) {
            return HvSocketAddress.parse(text); // throws, saying what the syntax is
        }
        UUID vm = vmId(text.substring(0, colon));
        return HvSocketAddress.of(vm, serviceId(text.substring(colon + 1)));
    }

    UUID vmId(String text) throws IOException {
        String vm = Objects.requireNonNull(text, "vm").strip();
        if (vm.isEmpty()) {
            throw new IllegalArgumentException("missing VM: want a GUID, a well-known name (parent, loopback, "
                    + "...), wsl, or the name of a running VM");
        }
        UUID parsed = guidOrWellKnown(vm);
        if (parsed != null) {
            return parsed;
        }
        List<HvComputeSystem> systems = computeSystems.list();
        HvComputeSystem system;
        if (vm.toLowerCase(Locale.ROOT).equals(WSL)) {
            List<HvComputeSystem> wsl = systems.stream().filter(HvComputeSystem::isWsl).toList();
            if (wsl.isEmpty()) {
                throw new UnknownHostException("no WSL 2 VM is running (no compute system is a VM owned by WSL, "
                        + "among " + systems.size() + "): start WSL (e.g. wsl.exe true) and resolve again; its id "
                        + "changes every time it starts");
            }
            system = only(wsl, "wsl is ambiguous: several WSL 2 VMs run (one per signed-in user)");
        } else {
            List<HvComputeSystem> named = systems.stream()
                    .filter(s -> s.name() != null && s.name().equalsIgnoreCase(vm))
                    .toList();
            if (named.isEmpty()) {
                throw new UnknownHostException("no running VM or container is named \"" + vm + "\" (names are "
                        + "matched ignoring case; " + (systems.isEmpty() ? "the Host Compute Service lists none at all"
                        : "a VM that is off is not listed") + "; hvsock vms lists them)");
            }
            system = only(named, "the VM name \"" + vm + "\" is ambiguous");
        }
        return system.vmId().orElseThrow(() -> new IOException("\"" + vm + "\" (" + system.id() + ") has no VM "
                + "id: the Host Compute Service gives it no RuntimeId but the zero GUID or none (a container that "
                + "runs in no VM of its own), and its Id is no GUID"));
    }

    UUID serviceId(String text) throws IOException {
        String service = Objects.requireNonNull(text, "service").strip();
        if (service.isEmpty()) {
            throw new IllegalArgumentException("missing service: want a GUID, a vsock port (0 to "
                    + HvSocketAddress.MAX_VSOCK_PORT + ") or a registered service's name");
        }
        if (service.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (service.length() > 10 || Long.parseLong(service) > HvSocketAddress.MAX_VSOCK_PORT) {
                throw new IllegalArgumentException("vsock port " + service + " is out of range for a Hyper-V address "
                        + "(0 to " + HvSocketAddress.MAX_VSOCK_PORT + ", 0x7FFFFFFF: hvsocket.h and Linux's hv_sock "
                        + "map no higher port to a service id); give the service id as a GUID if that is what you "
                        + "mean");
            }
            return HvSocketAddress.vsockServiceId(Long.parseLong(service));
        }
        try {
            return HvSocketAddress.parseGuid(service);
        } catch (IllegalArgumentException name) {
            return serviceNames.find(service).orElseThrow(() -> new UnknownServiceException("no Hyper-V service is "
                    + "registered under the name \"" + service + "\" in " + HvServiceRegistry.KEY + " (names are "
                    + "matched exactly; hvsock services list shows them)"));
        }
    }


    /** The GUID or well-known VM id {@code vm} is, by the parser's own rule; null for anything else. */
    private static UUID guidOrWellKnown(String vm) {
        if (vm.indexOf(':') >= 0) {
            return null;
        }
        try {
            return HvSocketAddress.parse(vm + ":0").vmId();
        } catch (IllegalArgumentException aName) {
            return null;
        }
    }

    private static HvComputeSystem only(List<HvComputeSystem> matches, String ambiguity) throws IOException {
        if (matches.size() == 1) {
            return matches.getFirst();
        }
        throw new IOException(ambiguity + ": " + matches.stream()
                .map(s -> s.vmId().map(UUID::toString).orElse(s.id()) + (s.name() != null ? " \"" + s.name() + "\""
                        : "") + (s.owner() != null ? " (owner " + s.owner() + ")" : ""))
                .collect(Collectors.joining(", ")) + "; give the VM id instead");
    }
}
