package dev.hvsock.internal.platform;

import java.util.UUID;

/** Resolves a registered Hyper-V service's {@code ElementName} to its service id, where the platform can. */
public final class ServiceNames {
    private ServiceNames() {
    }

    /**
     * The service id registered under {@code name}.
     *
     * @param text the whole address being parsed, for the message
     * @throws IllegalArgumentException if the platform has no registry or no service has that name
     */
    public static UUID resolve(String name, String text) {
        return Platforms.current().resolveServiceName(name, text);
    }
}
