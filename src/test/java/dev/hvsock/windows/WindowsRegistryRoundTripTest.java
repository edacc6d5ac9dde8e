package dev.hvsock.windows;

import dev.hvsock.HvServiceRegistration;
import dev.hvsock.HvServiceRegistry;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.testing.HyperVCapability;
import dev.hvsock.testing.HyperVTest;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registers, finds and removes Hyper-V socket services in the real registry (Windows, elevated). Every
 * service it creates has a random id and a name starting with {@code hvsock-nio-test-}, and is removed
 * again however the test ends. Without elevation or Hyper-V it is skipped (or fails, see
 * {@link HyperVTest}).
 */
@HyperVTest(HyperVCapability.SERVICE_REGISTRY)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WindowsRegistryRoundTripTest {
    private final String name = "hvsock-nio-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private UUID serviceId;
    private UUID portServiceId;

    @BeforeEach
    void registerTheService() throws IOException {
        serviceId = HvServiceRegistry.register(name);
    }

    @AfterEach
    void removeWhatWasRegistered() throws IOException {
        if (serviceId != null) {
            HvServiceRegistry.unregister(serviceId);
        }
        if (portServiceId != null) {
            HvServiceRegistry.unregister(portServiceId);
        }
    }

    @Test
    void aRegisteredServiceIsListedAndFoundByNameButNotParsedByName() throws IOException {
        assertTrue(HvServiceRegistry.list().contains(new HvServiceRegistration(serviceId, name)),
                serviceId + " listed as " + name);
        assertEquals(Optional.of(serviceId), HvServiceRegistry.find(name));
        // parse does no I/O, on Windows too: the name is resolved explicitly, as above
        assertThrows(IllegalArgumentException.class, () -> HvSocketAddress.parse("loopback:" + name));
    }

    @Test
    void registeringAgainUnderTheSameNameChangesNothingAndAnotherNameIsRefused() throws IOException {
        assertEquals(serviceId, HvServiceRegistry.register(name, serviceId));
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> HvServiceRegistry.register(name + "-renamed", serviceId));
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertEquals(Optional.of(serviceId), HvServiceRegistry.find(name));
        assertEquals(Optional.empty(), HvServiceRegistry.find(name + "-renamed"));
    }

    @Test
    void unregisteringRemovesItOnce() throws IOException {
        assertTrue(HvServiceRegistry.unregister(serviceId));
        assertFalse(HvServiceRegistry.unregister(serviceId));
        assertEquals(Optional.empty(), HvServiceRegistry.find(name));
        assertFalse(HvServiceRegistry.list().stream().anyMatch(s -> s.serviceId().equals(serviceId)));
        serviceId = null;
    }

    @Test
    void aVsockPortIsRegisteredAsItsTemplateServiceId() throws IOException {
        // a high, random port: no real service is likely to hold it
        long port = 0x7000_0000L + ThreadLocalRandom.current().nextInt(0x0FFF_FFFF);
        portServiceId = HvServiceRegistry.registerVsockPort(name + "-port", port);
        assertEquals(HvSocketAddress.vsockServiceId(port), portServiceId);
        assertEquals(Optional.of(portServiceId), HvServiceRegistry.find(name + "-port"));
        UUID found = HvServiceRegistry.find(name + "-port").orElseThrow();
        assertEquals(port, HvSocketAddress.vsockPort(found).orElseThrow());
    }
}
