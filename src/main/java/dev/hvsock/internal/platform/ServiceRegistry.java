package dev.hvsock.internal.platform;

import dev.hvsock.HvServiceRegistration;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * The Hyper-V socket service registry, on a platform that has one (Windows: the
 * {@code GuestCommunicationServices} registry key). {@link dev.hvsock.HvServiceRegistry} reaches it through
 * the current {@link NativePlatform}'s {@link HostServices#serviceRegistry()}, present where the registry exists.
 * Arguments arrive checked.
 */
public interface ServiceRegistry {
    /** Every registered service whose key is a GUID, in registry order. */
    List<HvServiceRegistration> list() throws IOException;

    /**
     * Registers {@code serviceId} under {@code elementName}.
     *
     * @return true if it was registered now, false if it already was, under the same name
     * @throws java.nio.file.FileAlreadyExistsException if it is registered under another name
     * @throws java.nio.file.AccessDeniedException without administrator rights
     */
    boolean register(UUID serviceId, String elementName) throws IOException;

    /**
     * Removes {@code serviceId}.
     *
     * @return true if it was registered, false if there was nothing to remove
     * @throws java.nio.file.AccessDeniedException without administrator rights
     */
    boolean unregister(UUID serviceId) throws IOException;
}
