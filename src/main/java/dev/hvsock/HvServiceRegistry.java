package dev.hvsock;

import dev.hvsock.internal.platform.Platforms;
import dev.hvsock.internal.platform.ServiceRegistry;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The Hyper-V socket services registered on a Windows host, under
 * {@code HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Virtualization\GuestCommunicationServices}: one
 * subkey per service id, whose {@code ElementName} value names it. A listener on the host, or a guest
 * connecting to the host, needs its service id registered there.
 *
 * <p>Listing and looking up need no special rights; registering and unregistering need administrator rights
 * (an elevated process), and throw {@link java.nio.file.AccessDeniedException} saying so without them.
 * Linux guests reach a vsock port {@code P} through the service id {@link HvSocketAddress#vsockServiceId(long)
 * P-FACB-11E6-BD58-64006A7986D3}; {@link #registerVsockPort} registers exactly that on the host.
 *
 * <p>The registry exists on Windows only: elsewhere every method (after checking its arguments) throws
 * {@link UnsupportedOperationException} with the reason.
 *
 * <p>{@link HvSocketAddress#parse} looks no names up; {@link #find(String)} turns a service's name into the
 * id an address needs. From the command line: {@code hvsock services list|add|remove}.
 */
public final class HvServiceRegistry {
    /** The registry key the services live under, in {@code HKEY_LOCAL_MACHINE}. */
    public static final String KEY = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
            + "\\Virtualization\\GuestCommunicationServices";

    /** The longest {@code ElementName} accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 1024;

    private HvServiceRegistry() {
    }

    /**
     * Every registered service.
     *
     * @return the services, in registry order; empty if the key does not exist (no Hyper-V)
     * @throws IOException if the registry cannot be read
     */
    public static List<HvServiceRegistration> list() throws IOException {
        return registry().list();
    }

    /**
     * The service id registered under a name.
     *
     * @param elementName the {@code ElementName}, matched exactly
     * @return the service id registered under it, if one is
     * @throws IOException if the registry cannot be read, or two service ids are registered under the name
     */
    public static Optional<UUID> find(String elementName) throws IOException {
        checkName(elementName);
        UUID found = null;
        for (HvServiceRegistration s : registry().list()) {
            if (elementName.equals(s.elementName())) {
                if (found != null && !found.equals(s.serviceId())) {
                    throw new IOException("the Hyper-V service name \"" + elementName + "\" is ambiguous: both "
                            + found + " and " + s.serviceId() + " are registered under it in " + KEY);
                }
                found = s.serviceId();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Registers a new random service id.
     *
     * @param elementName the name to register it under
     * @return the new service id
     * @throws IOException if the registry cannot be written (on Windows, without administrator rights)
     */
    public static UUID register(String elementName) throws IOException {
        checkName(elementName);
        ServiceRegistry registry = registry();
        UUID id = UUID.randomUUID();
        registry.register(id, elementName);
        return id;
    }

    /**
     * Registers {@code serviceId} under {@code elementName}; nothing happens if it is registered under that
     * name already.
     *
     * @param elementName the name to register it under
     * @param serviceId the service id
     * @return {@code serviceId}
     * @throws java.nio.file.FileAlreadyExistsException if it is registered under another name (unregister
     *         it first): a service of some other software is never renamed
     * @throws IOException if the registry cannot be written (on Windows, without administrator rights)
     */
    public static UUID register(String elementName, UUID serviceId) throws IOException {
        checkName(elementName);
        Objects.requireNonNull(serviceId, "serviceId");
        registry().register(serviceId, elementName);
        return serviceId;
    }

    /**
     * Registers the service id that carries vsock port {@code port} ({@link HvSocketAddress#vsockServiceId}),
     * which is what a Linux guest (or WSL 2) connecting to or listening on that port needs on the host.
     *
     * @param elementName the name to register it under
     * @param port the vsock port, 0 to {@value HvSocketAddress#MAX_VSOCK_PORT}
     * @return the service id
     * @throws IllegalArgumentException if {@code port} is outside 0 to {@value HvSocketAddress#MAX_VSOCK_PORT},
     *         the ports {@code hvsocket.h} maps to service ids
     * @throws IOException if the registry cannot be written (on Windows, without administrator rights)
     */
    public static UUID registerVsockPort(String elementName, long port) throws IOException {
        checkName(elementName);
        UUID id = HvSocketAddress.vsockServiceId(port);
        registry().register(id, elementName);
        return id;
    }

    /**
     * Removes {@code serviceId}.
     *
     * @param serviceId the service id
     * @return true if it was registered, false if there was nothing to remove
     * @throws IOException if the registry cannot be written (on Windows, without administrator rights)
     */
    public static boolean unregister(UUID serviceId) throws IOException {
        Objects.requireNonNull(serviceId, "serviceId");
        return registry().unregister(serviceId);
    }

    private static void checkName(String elementName) {
        Objects.requireNonNull(elementName, "elementName");
        if (elementName.isBlank()) {
            throw new IllegalArgumentException("a Hyper-V service name (ElementName) must not be blank");
        }
        if (elementName.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a Hyper-V service name (ElementName) has at most " + MAX_NAME_LENGTH
                    + " characters, not " + elementName.length());
        }
        if (elementName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a Hyper-V service name (ElementName) must not contain NUL characters");
        }
    }

    private static ServiceRegistry registry() {
        return Platforms.current().host().serviceRegistry().orElseThrow(() -> new UnsupportedOperationException(
                "the Hyper-V service registry (" + KEY + ") exists only on Windows; register services on the "
                + "Windows host (a Linux guest's vsock port P is the host's service "
                + HvSocketAddress.VSOCK_TEMPLATE.toString().replace("00000000", "PPPPPPPP") + ")"));
    }
}
