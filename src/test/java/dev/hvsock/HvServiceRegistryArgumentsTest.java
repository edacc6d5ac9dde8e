package dev.hvsock;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service registry's argument checks, which run before any registry access and so on any OS, and what
 * it says where there is no registry.
 */
class HvServiceRegistryArgumentsTest {
    @Test
    void badNamesAreRefusedBeforeAnythingIsTouched() {
        assertThrows(NullPointerException.class, () -> HvServiceRegistry.register(null));
        assertThrows(NullPointerException.class, () -> HvServiceRegistry.register("x", null));
        assertThrows(NullPointerException.class, () -> HvServiceRegistry.unregister(null));
        for (String bad : new String[]{"", "   ", "a\0b", "n".repeat(HvServiceRegistry.MAX_NAME_LENGTH + 1)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HvServiceRegistry.register(bad));
            assertTrue(e.getMessage().contains("ElementName"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> HvServiceRegistry.register(bad, UUID.randomUUID()));
            assertThrows(IllegalArgumentException.class, () -> HvServiceRegistry.registerVsockPort(bad, 5000));
            assertThrows(IllegalArgumentException.class, () -> HvServiceRegistry.find(bad));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HvServiceRegistry.registerVsockPort("ok", 1L << 32));
        assertTrue(e.getMessage().contains("vsock port"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HvServiceRegistry.registerVsockPort("ok", -1));
        // hvsocket.h: "Valid port mappings are 0-0x7FFFFFFF"
        e = assertThrows(IllegalArgumentException.class, () -> HvServiceRegistry.registerVsockPort("ok", 0x8000_0000L));
        assertTrue(e.getMessage().contains("0 to 2147483647"), e.getMessage());
    }

    @Test
    void theKeyIsMicrosoftsGuestCommunicationServicesKey() {
        assertEquals("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\"
                + "GuestCommunicationServices", HvServiceRegistry.KEY);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows has the registry")
    void withoutWindowsEveryOperationSaysWhy() {
        for (var call : new org.junit.jupiter.api.function.Executable[]{
                HvServiceRegistry::list,
                () -> HvServiceRegistry.register("name"),
                () -> HvServiceRegistry.registerVsockPort("name", 5000),
                () -> HvServiceRegistry.unregister(UUID.randomUUID()),
                () -> HvServiceRegistry.find("name")}) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, call);
            String message = e.getMessage();
            assertTrue(message.contains("only on Windows") && message.contains("GuestCommunicationServices"), message);
        }
    }
}
