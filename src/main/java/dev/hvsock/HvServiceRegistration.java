package dev.hvsock;

import java.util.Objects;
import java.util.UUID;

/**
 * A Hyper-V socket service as the Windows host registers it: a subkey of
 * {@code GuestCommunicationServices} named by the service id, whose {@code ElementName} value names it.
 * {@link HvServiceRegistry#list()} returns these.
 *
 * @param serviceId the service id (the subkey's name)
 * @param elementName its {@code ElementName}, or {@code null} if the key has none (or not a string)
 */
public record HvServiceRegistration(UUID serviceId, String elementName) {
    /**
     * A registration.
     *
     * @param serviceId the service id, not null
     * @param elementName its name, or {@code null}
     */
    public HvServiceRegistration {
        Objects.requireNonNull(serviceId, "serviceId");
    }
}
