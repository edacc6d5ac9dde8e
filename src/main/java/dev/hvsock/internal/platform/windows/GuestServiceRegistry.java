package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvServiceRegistration;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.internal.platform.ServiceRegistry;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The {@code GuestCommunicationServices} registry key: one subkey per service id with a {@code REG_SZ}
 * {@code ElementName}. A service is registered as the GUID in lower case without braces, the form of
 * Microsoft's own instructions ({@code New-Item ... -Name ((New-Guid).Guid)}) and of every tool that writes
 * there; a subkey in braces, {@code {GUID}}, as some installers have written it, is listed and removed as
 * well. Key names are case-insensitive.
 *
 * <p>Works through {@link RegistryKeys}, so that its rules are tested on any OS with a map.
 */
final class GuestServiceRegistry implements ServiceRegistry {
    private static final System.Logger LOG = System.getLogger(GuestServiceRegistry.class.getName());

    /** The key, under HKEY_LOCAL_MACHINE. */
    static final String PATH =
            "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices";
    static final String ELEMENT_NAME = "ElementName";

    private final RegistryKeys keys;

    GuestServiceRegistry(RegistryKeys keys) {
        this.keys = keys;
    }

    /**
     * Every subkey whose name is a GUID (with or without braces). One whose {@code ElementName} cannot be
     * read (its own access rights, say) is left out and logged: it must not hide every other service, and
     * with them every lookup by name.
     */
    @Override
    public List<HvServiceRegistration> list() throws IOException {
        List<String> names = keys.subkeys(PATH);
        if (names == null) {
            return List.of();
        }
        List<HvServiceRegistration> services = new ArrayList<>();
        for (String name : names) {
            UUID id;
            try {
                id = HvSocketAddress.parseGuid(name);
            } catch (IllegalArgumentException notAService) {
                continue; // not a service id: not Hyper-V's
            }
            try {
                services.add(new HvServiceRegistration(id, keys.stringValue(path(name), ELEMENT_NAME)));
            } catch (IOException unreadable) {
                LOG.log(System.Logger.Level.DEBUG, "Hyper-V service key left out of the list", unreadable);
            }
        }
        return services;
    }

    @Override
    public boolean register(UUID serviceId, String elementName) throws IOException {
        if (!keys.exists(PATH)) {
            // Without Hyper-V the key does not exist; creating the whole path would only pretend to work.
            throw new IOException("cannot register Hyper-V service " + serviceId + ": " + fullPath(PATH)
                    + " does not exist (is Hyper-V enabled?)");
        }
        if (hasName(path(bracedKeyName(serviceId)), serviceId, elementName)) {
            return false; // registered in braces already, under this name
        }
        String path = path(keyName(serviceId));
        boolean created = keys.createKey(path);
        try {
            if (!created && hasName(path, serviceId, elementName)) {
                return false;
            }
            keys.setStringValue(path, ELEMENT_NAME, elementName);
            return true;
        } catch (IOException | RuntimeException e) {
            if (created) {
                try {
                    keys.deleteTree(path); // leave nothing half-registered behind
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * Whether the key {@code path} of {@code serviceId} has the {@code ElementName} {@code elementName}: false
     * if it has none, or does not exist.
     *
     * @throws FileAlreadyExistsException if it has another name: a service of some other software is never
     *         renamed
     */
    private boolean hasName(String path, UUID serviceId, String elementName) throws IOException {
        String existing = keys.stringValue(path, ELEMENT_NAME);
        if (existing == null) {
            return false;
        }
        if (!existing.equals(elementName)) {
            throw new FileAlreadyExistsException(fullPath(path), null, "Hyper-V service " + serviceId
                    + " is already registered as \"" + existing + "\"; unregister it first to register it as \""
                    + elementName + "\"");
        }
        return true;
    }

    /** Removes the service's key, and its spelling in braces too, whichever exist. */
    @Override
    public boolean unregister(UUID serviceId) throws IOException {
        boolean removed = keys.deleteTree(path(keyName(serviceId)));
        return keys.deleteTree(path(bracedKeyName(serviceId))) || removed;
    }

    /** The subkey name of {@code serviceId}: lower case, no braces (registry key names ignore case anyway). */
    static String keyName(UUID serviceId) {
        return serviceId.toString().toLowerCase(Locale.ROOT);
    }

    /** The spelling in braces some installers use. */
    static String bracedKeyName(UUID serviceId) {
        return "{" + keyName(serviceId) + "}";
    }

    /** The path of the service key {@code keyName}, under HKEY_LOCAL_MACHINE. */
    static String path(String keyName) {
        return PATH + "\\" + keyName;
    }

    /** How messages name a key: its full path, hive included. */
    static String fullPath(String path) {
        return "HKEY_LOCAL_MACHINE\\" + path;
    }
}
