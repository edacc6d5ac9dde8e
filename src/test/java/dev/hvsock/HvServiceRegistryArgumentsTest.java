package dev.hvsock;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service registry's argument checks and command line, which run before any registry access and so
 * on any OS, and what it says where there is no registry.
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
            assertTrue(e.getMessage().contains("only on Windows") && e.getMessage().contains("GuestCommunicationServices"),
                    e.getMessage());
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows resolves names through the registry")
    void aServiceNameDoesNotParseWithoutTheRegistry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HvSocketAddress.parse("parent:my-service"));
        assertTrue(e.getMessage().contains("my-service"), e.getMessage());
    }

    private static int cli(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) throws Exception {
        Method run = HvServiceRegistry.class.getDeclaredMethod("run", String[].class, PrintStream.class, PrintStream.class);
        run.setAccessible(true);
        return (int) run.invoke(null, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theCommandLineRefusesWhatItCannotDo() throws Exception {
        for (String[] args : new String[][]{{}, {"bogus"}, {"list", "extra"}, {"register"}, {"register-port", "x"},
                {"unregister"}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, cli(out, err, args), String.join(" ", args));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: HvServiceRegistry list"));
            assertEquals(0, out.size());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, cli(out, err, "unregister", "1-2-3-4-5"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a GUID"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, cli(out, err, "register-port", "name", "port"));
        assertEquals(0, out.size());
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows has the registry")
    void theCommandLineReportsAMissingRegistryAsAnError() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, cli(out, err, "list"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("only on Windows"), err.toString(StandardCharsets.UTF_8));
    }
}
