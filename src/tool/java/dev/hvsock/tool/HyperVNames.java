package dev.hvsock.tool;

import dev.hvsock.HvServiceRegistry;
import dev.hvsock.HvSocketAddress;

import java.io.IOException;
import java.util.UUID;

/**
 * The names a Hyper-V address on the command line may hold that {@link HvSocketAddress#parse} does not look
 * up (it does no I/O): the {@code ElementName} of a service registered on the Windows host, found through
 * {@link HvServiceRegistry}. Every command resolves names here, before parsing; this is where other kinds
 * of name (VM names) belong too.
 */
final class HyperVNames {
    private HyperVNames() {
    }

    /**
     * {@code text} ({@code VM:SERVICE}) with a service name replaced by its registered service id; any other
     * text as it is, for the parser to accept or explain.
     *
     * @throws IllegalArgumentException if the name cannot be resolved, saying why
     */
    static String resolve(String text) {
        int colon = text.indexOf(':');
        if (colon < 0 || colon != text.lastIndexOf(':')) {
            return text;
        }
        String service = text.substring(colon + 1).strip();
        if (service.isEmpty() || isDecimal(service) || isGuid(service)) {
            return text;
        }
        return text.substring(0, colon + 1) + registeredServiceId(service, text);
    }

    private static UUID registeredServiceId(String name, String text) {
        if (!Endpoint.onWindows()) {
            throw new IllegalArgumentException("bad service id \"" + name + "\" in \"" + text + "\": want a GUID or a "
                    + "decimal vsock port (service names are looked up in the Windows registry, which Linux has not)");
        }
        try {
            return HvServiceRegistry.find(name).orElseThrow(() -> new IllegalArgumentException("bad service id \""
                    + name + "\" in \"" + text + "\": want a GUID, a decimal vsock port, or the ElementName of a "
                    + "service registered in " + HvServiceRegistry.KEY + " (none is registered under that name)"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot look up the Hyper-V service name \"" + name + "\" in \"" + text
                    + "\": " + e.getMessage(), e);
        }
    }

    private static boolean isDecimal(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isGuid(String s) {
        try {
            HvSocketAddress.parseGuid(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
