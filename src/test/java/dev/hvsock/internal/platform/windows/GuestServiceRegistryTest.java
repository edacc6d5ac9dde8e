package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvServiceRegistration;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of the GuestCommunicationServices key over a map standing in for the registry: the key names, the
 * spelling in braces, an unreadable subkey, and full key paths in what is asked and said.
 */
class GuestServiceRegistryTest {
    private static final String PATH =
            "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices";
    private static final UUID A = UUID.fromString("999e53d4-3d5c-4c3e-8779-bed06ec056e1");
    private static final UUID B = UUID.fromString("00001388-facb-11e6-bd58-64006a7986d3");
    private static final UUID C = UUID.fromString("30d48b34-7d27-4b0b-aaaf-bbbed334dd59");

    private final MapRegistryKeys keys = new MapRegistryKeys().put(PATH);
    private final GuestServiceRegistry registry = new GuestServiceRegistry(keys);

    @Test
    void servicesAreUnbracedLowerCaseKeysUnderTheFullPath() throws IOException {
        assertTrue(registry.register(A, "VM Session Service"));
        assertEquals(List.of("999e53d4-3d5c-4c3e-8779-bed06ec056e1"), keys.children(PATH));
        assertEquals(Map.of("ElementName", "VM Session Service"),
                keys.values(PATH + "\\999e53d4-3d5c-4c3e-8779-bed06ec056e1"));
        assertFalse(registry.register(A, "VM Session Service"), "registered already, under this name");
        for (String asked : keys.asked) {
            assertTrue(asked.startsWith("SOFTWARE\\Microsoft\\Windows NT\\"), "a full path: " + asked);
        }
    }

    @Test
    void everyGuidSubkeyIsListedBracedOrNotUpperOrLowerAndOthersAreNot() throws IOException {
        // Microsoft's docs create "999E53D4-..." (upper case); some installers wrote "{...}"
        keys.put(PATH + "\\999E53D4-3D5C-4C3E-8779-BED06EC056E1", "ElementName", "VM Session Service")
                .put(PATH + "\\{00001388-facb-11e6-bd58-64006a7986d3}", "ElementName", "port 5000")
                .put(PATH + "\\not-a-guid", "ElementName", "x")
                .put(PATH + "\\" + C, "ElementName", "Docker VPN proxy", "Other", "y");
        assertEquals(List.of(new HvServiceRegistration(A, "VM Session Service"),
                new HvServiceRegistration(B, "port 5000"), new HvServiceRegistration(C, "Docker VPN proxy")),
                registry.list());
    }

    @Test
    void anUnreadableSubkeyIsLeftOutAndTheRestIsListed() throws IOException {
        keys.put(PATH + "\\" + A, "ElementName", "a").put(PATH + "\\" + B, "ElementName", "b")
                .put(PATH + "\\" + C, "ElementName", "c").unreadable(PATH + "\\" + B);
        assertEquals(List.of(new HvServiceRegistration(A, "a"), new HvServiceRegistration(C, "c")), registry.list());
    }

    @Test
    void aSubkeyWithoutAStringNameIsListedWithoutOne() throws IOException {
        keys.put(PATH + "\\" + A);
        assertEquals(List.of(new HvServiceRegistration(A, null)), registry.list());
    }

    @Test
    void noKeyMeansNoServicesAndNoRegistration() {
        MapRegistryKeys empty = new MapRegistryKeys();
        GuestServiceRegistry none = new GuestServiceRegistry(empty);
        assertDoesNotThrowAndIsEmpty(none);
        IOException e = assertThrows(IOException.class, () -> none.register(A, "x"));
        assertTrue(e.getMessage().contains("HKEY_LOCAL_MACHINE\\" + PATH + " does not exist (is Hyper-V enabled?)"),
                e.getMessage());
        assertTrue(empty.children("SOFTWARE").isEmpty(), "nothing created");
    }

    private static void assertDoesNotThrowAndIsEmpty(GuestServiceRegistry registry) {
        try {
            assertTrue(registry.list().isEmpty());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anotherNameIsRefusedNamingTheFullKeyBracedOrNot() throws IOException {
        keys.put(PATH + "\\" + A, "ElementName", "theirs");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> registry.register(A, "ours"));
        assertEquals("HKEY_LOCAL_MACHINE\\" + PATH + "\\" + A, e.getFile());
        assertTrue(e.getMessage().contains("\"theirs\""), e.getMessage());
        assertEquals("theirs", keys.values(PATH + "\\" + A).get("ElementName"), "never renamed");

        keys.put(PATH + "\\{" + B + "}", "ElementName", "theirs");
        e = assertThrows(FileAlreadyExistsException.class, () -> registry.register(B, "ours"));
        assertEquals("HKEY_LOCAL_MACHINE\\" + PATH + "\\{" + B + "}", e.getFile());
        assertFalse(registry.register(B, "theirs"), "registered already, in braces");
        assertNull(keys.values(PATH + "\\" + B), "no second key beside the braced one");
    }

    @Test
    void aKeyWithoutANameGetsOne() throws IOException {
        keys.put(PATH + "\\" + A);
        assertTrue(registry.register(A, "named now"));
        assertEquals("named now", keys.values(PATH + "\\" + A).get("ElementName"));
    }

    @Test
    void unregisteringRemovesTheKeyInEitherSpellingAndWhatIsUnderIt() throws IOException {
        keys.put(PATH + "\\{" + A + "}", "ElementName", "braced").put(PATH + "\\{" + A + "}\\Sub");
        assertTrue(registry.unregister(A));
        assertTrue(keys.children(PATH).isEmpty(), keys.children(PATH).toString());
        assertFalse(registry.unregister(A));

        keys.put(PATH + "\\" + B.toString().toUpperCase(), "ElementName", "b").put(PATH + "\\{" + B + "}");
        assertTrue(registry.unregister(B));
        assertTrue(keys.children(PATH).isEmpty(), "both spellings gone: " + keys.children(PATH));
    }

    @Test
    void aFailedRegistrationLeavesNoKeyBehind() {
        keys.failValueWrites();
        assertThrows(IOException.class, () -> registry.register(C, "x"));
        assertDoesNotThrowAndIsEmpty(registry);
        assertTrue(keys.children(PATH).isEmpty(), keys.children(PATH).toString());
    }
}
