package dev.hvsock;

import java.io.Serial;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A Hyper-V socket endpoint: the pair {@code SOCKADDR_HV { VmId, ServiceId }}.
 *
 * <p>The VM id names a partition (a VM, a container, the host) or one of the well-known wildcards
 * below; the service id names a service registered on the host under
 * {@code HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Virtualization\GuestCommunicationServices}.
 * Linux guests reach the same services through {@code AF_VSOCK}, where a service id of the form
 * {@code PPPPPPPP-FACB-11E6-BD58-64006A7986D3} carries the vsock port {@code P} (see
 * {@link #VSOCK_TEMPLATE}), from 0 to {@value #MAX_VSOCK_PORT}.
 *
 * <p>The text form, accepted by {@link #parse(String)} and produced by {@link #toString()}, is
 * {@code VM:SERVICE}: the VM is a GUID or one of {@code wildcard} (or {@code *}, {@code zero}),
 * {@code broadcast}, {@code children}, {@code loopback}, {@code parent}, {@code silohost}; the service is
 * a GUID or a decimal vsock port (mapped through the template). Parsing looks nothing up, as
 * {@link java.net.UnixDomainSocketAddress#of(String)} does not: the name of a registered service is
 * resolved explicitly, with {@link HvServiceRegistry#find(String)}.
 */
public final class HvSocketAddress extends SocketAddress {
    @Serial
    private static final long serialVersionUID = 1L;

    /** {@code HV_GUID_WILDCARD} (also {@code HV_GUID_ZERO}): listen for connections from any partition. */
    public static final UUID WILDCARD = new UUID(0L, 0L);
    /** {@code HV_GUID_BROADCAST}. */
    public static final UUID BROADCAST = new UUID(-1L, -1L);
    /** {@code HV_GUID_CHILDREN}: every child partition of this host. */
    public static final UUID CHILDREN = UUID.fromString("90db8b89-0d35-4f79-8ce9-49ea0ac8b7cd");
    /** {@code HV_GUID_LOOPBACK}: this partition. */
    public static final UUID LOOPBACK = UUID.fromString("e0e16197-dd56-4a10-9195-5ee7a155a838");
    /** {@code HV_GUID_PARENT}: the parent partition (the host, seen from a VM). */
    public static final UUID PARENT = UUID.fromString("a42e7cda-d03f-480c-9cc2-a4de20abb878");
    /** {@code HV_GUID_SILOHOST}: the utility VM hosting a Windows Server container. */
    public static final UUID SILOHOST = UUID.fromString("36bd0c5c-7276-4223-88ba-7d03b654c568");
    /** {@code HV_GUID_VSOCK_TEMPLATE}: the service id whose first 32 bits carry a vsock port. */
    public static final UUID VSOCK_TEMPLATE = UUID.fromString("00000000-facb-11e6-bd58-64006a7986d3");

    /**
     * The largest vsock port a service id carries: {@code hvsocket.h} says "Valid port mappings are
     * 0-0x7FFFFFFF", and Linux's {@code hv_sock} reserves the ports above for the host's ephemeral ports
     * (those of connects the host starts). {@link VsockAddress} itself takes any 32-bit port, as Linux does.
     */
    public static final long MAX_VSOCK_PORT = 0x7FFF_FFFFL;

    private static final long TEMPLATE_MSB_LOW = VSOCK_TEMPLATE.getMostSignificantBits();
    private static final String PORT_RANGE = "0 to " + MAX_VSOCK_PORT
            + "; hvsocket.h maps only ports 0-0x7FFFFFFF to service ids";

    /** The partition's id. */
    private final UUID vmId;
    /** The service's id. */
    private final UUID serviceId;

    private HvSocketAddress(UUID vmId, UUID serviceId) {
        this.vmId = vmId;
        this.serviceId = serviceId;
    }

    /**
     * The address of a service in a partition.
     *
     * @param vmId the partition: a VM id or one of the well-known ids ({@link #PARENT}, ...)
     * @param serviceId the service id
     * @return the address
     */
    public static HvSocketAddress of(UUID vmId, UUID serviceId) {
        return new HvSocketAddress(Objects.requireNonNull(vmId, "vmId"),
                Objects.requireNonNull(serviceId, "serviceId"));
    }

    /**
     * The address of a vsock port in a partition.
     *
     * @param vmId the partition: a VM id or one of the well-known ids ({@link #PARENT}, ...)
     * @param port the vsock port, 0 to {@value #MAX_VSOCK_PORT}
     * @return the address, its service id {@link #vsockServiceId vsockServiceId(port)}
     * @throws IllegalArgumentException if {@code port} is outside 0 to {@value #MAX_VSOCK_PORT}
     */
    public static HvSocketAddress ofVsockPort(UUID vmId, long port) {
        return of(vmId, vsockServiceId(port));
    }

    /**
     * The service id that carries a vsock port through the template ({@link #VSOCK_TEMPLATE}).
     *
     * @param port the vsock port, 0 to {@value #MAX_VSOCK_PORT}
     * @return the template with its first 32 bits set to {@code port}
     * @throws IllegalArgumentException if {@code port} is outside 0 to {@value #MAX_VSOCK_PORT}
     */
    public static UUID vsockServiceId(long port) {
        if (port < 0 || port > MAX_VSOCK_PORT) {
            throw new IllegalArgumentException("vsock port out of range for a Hyper-V service id (" + PORT_RANGE
                    + "): " + port);
        }
        return new UUID((port << 32) | TEMPLATE_MSB_LOW, VSOCK_TEMPLATE.getLeastSignificantBits());
    }

    /**
     * The vsock port a service id carries.
     *
     * @param serviceId a service id
     * @return its first 32 bits if it follows the vsock template with a port from 0 to {@value #MAX_VSOCK_PORT},
     *         else empty (a template id above that carries no valid port mapping)
     */
    public static OptionalLong vsockPort(UUID serviceId) {
        boolean template = serviceId.getLeastSignificantBits() == VSOCK_TEMPLATE.getLeastSignificantBits()
                && (serviceId.getMostSignificantBits() & 0xFFFF_FFFFL) == TEMPLATE_MSB_LOW;
        long port = serviceId.getMostSignificantBits() >>> 32;
        return template && port <= MAX_VSOCK_PORT ? OptionalLong.of(port) : OptionalLong.empty();
    }

    /**
     * Parses {@code VM:SERVICE} (see the class description), without any I/O.
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException if the text is not an address, with the reason; a service given by
     *         name says how to resolve it
     */
    public static HvSocketAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0 || colon != text.lastIndexOf(':')) {
            throw new IllegalArgumentException("not a Hyper-V socket address (want VM:SERVICE, e.g. "
                    + "parent:5000 or loopback:" + VSOCK_TEMPLATE + "): \"" + text + "\"");
        }
        UUID vm = parseVmId(text.substring(0, colon).strip(), text);
        UUID service = parseServiceId(text.substring(colon + 1).strip(), text);
        return new HvSocketAddress(vm, service);
    }

    private static UUID parseVmId(String vm, String text) {
        UUID wellKnown = switch (vm.toLowerCase(Locale.ROOT)) {
            case "*", "wildcard", "zero" -> WILDCARD;
            case "broadcast" -> BROADCAST;
            case "children" -> CHILDREN;
            case "loopback" -> LOOPBACK;
            case "parent" -> PARENT;
            case "silohost" -> SILOHOST;
            default -> null;
        };
        if (wellKnown != null) {
            return wellKnown;
        }
        UUID guid = parseGuidOrNull(vm);
        if (guid == null) {
            throw new IllegalArgumentException("bad VM id \"" + vm + "\" in \"" + text + "\": want a GUID or one of "
                    + "wildcard, *, broadcast, children, loopback, parent, silohost");
        }
        return guid;
    }

    private static UUID parseServiceId(String service, String text) {
        if (service.isEmpty()) {
            throw new IllegalArgumentException("missing service id in \"" + text + "\"");
        }
        if (isDecimal(service)) {
            if (service.length() > 10 || Long.parseLong(service) > MAX_VSOCK_PORT) {
                throw new IllegalArgumentException("vsock port out of range (" + PORT_RANGE + ") in \"" + text
                        + "\"");
            }
            return vsockServiceId(Long.parseLong(service));
        }
        UUID guid = parseGuidOrNull(service);
        if (guid == null) {
            throw new IllegalArgumentException("bad service id \"" + service + "\" in \"" + text + "\": want a GUID "
                    + "or a decimal vsock port; parsing looks no names up: resolve a registered service's name first "
                    + "(HvServiceRegistry.find(\"" + service + "\"), on Windows) and use HvSocketAddress.of");
        }
        return guid;
    }

    /**
     * Parses a GUID written exactly {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} (hex digits, any case),
     * optionally in braces as Windows tools print it. Unlike {@link UUID#fromString} it accepts no short
     * groups and no other spelling.
     *
     * @param text the GUID
     * @return the GUID
     * @throws IllegalArgumentException if the text is not such a GUID
     */
    public static UUID parseGuid(String text) {
        UUID guid = parseGuidOrNull(Objects.requireNonNull(text, "text"));
        if (guid == null) {
            throw new IllegalArgumentException("not a GUID (want xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, optionally "
                    + "in braces): \"" + text + "\"");
        }
        return guid;
    }

    private static UUID parseGuidOrNull(String s) {
        if (s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}') {
            s = s.substring(1, 37);
        }
        if (s.length() != 36) {
            return null;
        }
        long msb = 0;
        long lsb = 0;
        int nibbles = 0;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int digit = hexDigit(c);
            if (digit < 0) {
                return null;
            }
            if (nibbles < 16) {
                msb = (msb << 4) | digit;
            } else {
                lsb = (lsb << 4) | digit;
            }
            nibbles++;
        }
        return new UUID(msb, lsb);
    }

    /** The value of an ASCII hex digit, or -1 (also for the other scripts' digits {@link Character#digit} takes). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static boolean isDecimal(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The partition.
     *
     * @return a VM id or one of the well-known ids
     */
    public UUID vmId() {
        return vmId;
    }

    /**
     * The service.
     *
     * @return the service id
     */
    public UUID serviceId() {
        return serviceId;
    }

    /**
     * The vsock port this address's service id carries.
     *
     * @return the port if the service id follows the vsock template, else empty
     */
    public OptionalLong vsockPort() {
        return vsockPort(serviceId);
    }

    /** The well-known name of this address's VM id ({@code parent}, ...), or {@code null}. */
    private static String wellKnownName(UUID vm) {
        if (vm.equals(WILDCARD)) return "wildcard";
        if (vm.equals(BROADCAST)) return "broadcast";
        if (vm.equals(CHILDREN)) return "children";
        if (vm.equals(LOOPBACK)) return "loopback";
        if (vm.equals(PARENT)) return "parent";
        if (vm.equals(SILOHOST)) return "silohost";
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HvSocketAddress that && vmId.equals(that.vmId) && serviceId.equals(that.serviceId);
    }

    @Override
    public int hashCode() {
        return 31 * vmId.hashCode() + serviceId.hashCode();
    }

    /** {@code VM:SERVICE}, with well-known VM names and template ports spelled short; {@link #parse} reads it back. */
    @Override
    public String toString() {
        String vm = wellKnownName(vmId);
        OptionalLong port = vsockPort();
        return (vm != null ? vm : vmId.toString()) + ":"
                + (port.isPresent() ? Long.toString(port.getAsLong()) : serviceId.toString());
    }
}
