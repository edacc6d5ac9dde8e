package dev.hvsock;

import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HvSocketAddressTest {
    private static final UUID SERVICE = UUID.fromString("3049197c-facb-11e6-bd58-64006a7986d3");
    private static final UUID OTHER_SERVICE = UUID.fromString("a1b2c3d4-0000-4000-8000-00000000abcd");

    static Stream<Arguments> wellKnownNames() {
        return Stream.of(
                Arguments.of("wildcard", HvSocketAddress.WILDCARD),
                Arguments.of("*", HvSocketAddress.WILDCARD),
                Arguments.of("zero", HvSocketAddress.WILDCARD),
                Arguments.of("broadcast", HvSocketAddress.BROADCAST),
                Arguments.of("children", HvSocketAddress.CHILDREN),
                Arguments.of("loopback", HvSocketAddress.LOOPBACK),
                Arguments.of("parent", HvSocketAddress.PARENT),
                Arguments.of("silohost", HvSocketAddress.SILOHOST),
                Arguments.of("PARENT", HvSocketAddress.PARENT),
                Arguments.of("LoopBack", HvSocketAddress.LOOPBACK));
    }

    @ParameterizedTest
    @MethodSource("wellKnownNames")
    void parsesWellKnownVmNames(String name, UUID vmId) {
        HvSocketAddress a = HvSocketAddress.parse(name + ":" + SERVICE);
        assertEquals(vmId, a.vmId());
        assertEquals(SERVICE, a.serviceId());
    }

    @Test
    void wellKnownIdsAreTheDocumentedGuids() {
        assertEquals(UUID.fromString("00000000-0000-0000-0000-000000000000"), HvSocketAddress.WILDCARD);
        assertEquals(UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), HvSocketAddress.BROADCAST);
        assertEquals(UUID.fromString("90db8b89-0d35-4f79-8ce9-49ea0ac8b7cd"), HvSocketAddress.CHILDREN);
        assertEquals(UUID.fromString("e0e16197-dd56-4a10-9195-5ee7a155a838"), HvSocketAddress.LOOPBACK);
        assertEquals(UUID.fromString("a42e7cda-d03f-480c-9cc2-a4de20abb878"), HvSocketAddress.PARENT);
        assertEquals(UUID.fromString("36bd0c5c-7276-4223-88ba-7d03b654c568"), HvSocketAddress.SILOHOST);
        assertEquals(UUID.fromString("00000000-facb-11e6-bd58-64006a7986d3"), HvSocketAddress.VSOCK_TEMPLATE);
    }

    @Test
    void parsesGuidsInAnyCaseWithOrWithoutBracesAndAroundSpaces() {
        UUID vm = UUID.fromString("8c1f9f4e-1b2a-4d3c-9e8f-0a1b2c3d4e5f");
        HvSocketAddress expected = HvSocketAddress.of(vm, OTHER_SERVICE);
        assertEquals(expected, HvSocketAddress.parse(vm + ":" + OTHER_SERVICE));
        assertEquals(expected,
                HvSocketAddress.parse(vm.toString().toUpperCase() + ":" + OTHER_SERVICE.toString().toUpperCase()));
        assertEquals(expected, HvSocketAddress.parse("{" + vm + "}:{" + OTHER_SERVICE + "}"));
        assertEquals(expected, HvSocketAddress.parse(" " + vm + " : " + OTHER_SERVICE + " "));
    }

    @Test
    void aDecimalServiceIsAVsockPortThroughTheTemplate() {
        HvSocketAddress a = HvSocketAddress.parse("parent:5000");
        assertEquals(HvSocketAddress.PARENT, a.vmId());
        assertEquals(UUID.fromString("00001388-facb-11e6-bd58-64006a7986d3"), a.serviceId());
        assertEquals(OptionalLong.of(5000), a.vsockPort());
        assertEquals(HvSocketAddress.ofVsockPort(HvSocketAddress.PARENT, 5000), a);
        assertEquals(OptionalLong.of(0), HvSocketAddress.parse("loopback:0").vsockPort());
        assertEquals(OptionalLong.of(2147483647L), HvSocketAddress.parse("loopback:2147483647").vsockPort());
    }

    @Test
    void portsAboveTheHyperVRangeAreRefusedWithTheReason() {
        // hvsocket.h: "Valid port mappings are 0-0x7FFFFFFF"; Linux keeps the rest for the host's ephemeral ports
        for (long port : new long[] {0x8000_0000L, 0xFFFF_FFFFL}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HvSocketAddress.vsockServiceId(port));
            assertTrue(e.getMessage().contains("0 to 2147483647") && e.getMessage().contains("0x7FFFFFFF")
                    && e.getMessage().contains(Long.toString(port)), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK, port));
            e = assertThrows(IllegalArgumentException.class, () -> HvSocketAddress.parse("loopback:" + port));
            assertTrue(e.getMessage().contains("0 to 2147483647"), e.getMessage());
        }
        assertEquals(0x7FFF_FFFFL, HvSocketAddress.MAX_VSOCK_PORT);
    }

    @Test
    void aTemplateShapedIdAboveTheRangeCarriesNoPortAndPrintsAsItsGuid() {
        UUID high = UUID.fromString("80000000-facb-11e6-bd58-64006a7986d3");
        assertEquals(OptionalLong.empty(), HvSocketAddress.vsockPort(high));
        HvSocketAddress a = HvSocketAddress.of(HvSocketAddress.CHILDREN, high);
        assertEquals("children:" + high, a.toString());
        assertEquals(a, HvSocketAddress.parse(a.toString()));
    }

    @Test
    void vsockPortsMapToServiceIdsAndBack() {
        assertEquals(UUID.fromString("12345678-facb-11e6-bd58-64006a7986d3"),
                HvSocketAddress.vsockServiceId(0x12345678L));
        assertEquals(OptionalLong.of(0x12345678L),
                HvSocketAddress.vsockPort(UUID.fromString("12345678-facb-11e6-bd58-64006a7986d3")));
        assertEquals(HvSocketAddress.VSOCK_TEMPLATE, HvSocketAddress.vsockServiceId(0));
        assertEquals(UUID.fromString("7fffffff-facb-11e6-bd58-64006a7986d3"),
                HvSocketAddress.vsockServiceId(0x7FFFFFFFL));
        for (long port : new long[] {0, 1, 1024, 5000, 0x7FFFFFFEL, 0x7FFFFFFFL}) {
            assertEquals(OptionalLong.of(port), HvSocketAddress.vsockPort(HvSocketAddress.vsockServiceId(port)));
        }
        assertThrows(IllegalArgumentException.class, () -> HvSocketAddress.vsockServiceId(-1));
        assertThrows(IllegalArgumentException.class, () -> HvSocketAddress.vsockServiceId(0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> HvSocketAddress.vsockServiceId(0x8000_0000L));
    }

    @Test
    void serviceIdsOffTheTemplateHaveNoVsockPort() {
        assertEquals(OptionalLong.empty(), HvSocketAddress.vsockPort(OTHER_SERVICE));
        // right last part, wrong middle groups
        assertEquals(OptionalLong.empty(),
                HvSocketAddress.vsockPort(UUID.fromString("00001388-facb-11e7-bd58-64006a7986d3")));
        // right first part, wrong last group
        assertEquals(OptionalLong.empty(),
                HvSocketAddress.vsockPort(UUID.fromString("00001388-facb-11e6-bd58-64006a7986d4")));
        assertEquals(OptionalLong.empty(), HvSocketAddress.of(HvSocketAddress.PARENT, OTHER_SERVICE).vsockPort());
    }

    static List<HvSocketAddress> addresses() {
        return List.of(
                HvSocketAddress.of(HvSocketAddress.PARENT, SERVICE),
                HvSocketAddress.of(HvSocketAddress.WILDCARD, OTHER_SERVICE),
                HvSocketAddress.of(HvSocketAddress.BROADCAST, HvSocketAddress.vsockServiceId(0)),
                HvSocketAddress.of(HvSocketAddress.CHILDREN, HvSocketAddress.vsockServiceId(0x7FFFFFFFL)),
                HvSocketAddress.of(HvSocketAddress.CHILDREN, UUID.fromString("ffffffff-facb-11e6-bd58-64006a7986d3")),
                HvSocketAddress.of(HvSocketAddress.LOOPBACK, HvSocketAddress.vsockServiceId(80)),
                HvSocketAddress.of(HvSocketAddress.SILOHOST, OTHER_SERVICE),
                HvSocketAddress.of(UUID.fromString("8c1f9f4e-1b2a-4d3c-9e8f-0a1b2c3d4e5f"), OTHER_SERVICE),
                HvSocketAddress.of(new UUID(0x0123456789abcdefL, 0xfedcba9876543210L), new UUID(-1L, 0L)));
    }

    @ParameterizedTest
    @MethodSource("addresses")
    void toStringRoundTripsThroughParse(HvSocketAddress a) {
        assertEquals(a, HvSocketAddress.parse(a.toString()), a.toString());
        assertEquals(a.toString(), HvSocketAddress.parse(a.toString()).toString());
    }

    @Test
    void toStringSpellsWellKnownIdsAndTemplatePortsShort() {
        assertEquals("parent:5000", HvSocketAddress.ofVsockPort(HvSocketAddress.PARENT, 5000).toString());
        assertEquals("wildcard:" + OTHER_SERVICE,
                HvSocketAddress.of(HvSocketAddress.WILDCARD, OTHER_SERVICE).toString());
    }

    @Test
    void equalityAndHashFollowBothIds() {
        HvSocketAddress a = HvSocketAddress.of(HvSocketAddress.PARENT, SERVICE);
        HvSocketAddress same = HvSocketAddress.parse("parent:" + SERVICE);
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, HvSocketAddress.of(HvSocketAddress.LOOPBACK, SERVICE));
        assertNotEquals(a, HvSocketAddress.of(HvSocketAddress.PARENT, OTHER_SERVICE));
        assertNotEquals(a, null);
        assertNotEquals(a, (Object) ("parent:" + SERVICE));
    }

    @Test
    void nullsAreRejectedWithNullPointer() {
        assertThrows(NullPointerException.class, () -> HvSocketAddress.parse(null));
        assertThrows(NullPointerException.class, () -> HvSocketAddress.of(null, SERVICE));
        assertThrows(NullPointerException.class, () -> HvSocketAddress.of(HvSocketAddress.PARENT, null));
        assertThrows(NullPointerException.class, () -> HvSocketAddress.vsockPort(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1-1-1-1-1:5000",                                       // short groups (UUID.fromString takes them)
            "a42e7cda-d03f-480c-9cc2-a4de20abb87:5000",             // one digit short
            "a42e7cda-d03f-480c-9cc2-a4de20abb8788:5000",           // one digit long
            "g42e7cda-d03f-480c-9cc2-a4de20abb878:5000",            // not hex
            "a42e7cdad03f-480c-9cc2-a4de20abb878-:5000",            // hyphen misplaced
            "{a42e7cda-d03f-480c-9cc2-a4de20abb878:5000",           // unbalanced brace
            "host:5000",                                            // not a well-known name
            ":5000"})
    void badVmIdsAreRejectedNamingTheVmPart(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HvSocketAddress.parse(text));
        assertTrue(e.getMessage().contains("VM id"), e.getMessage());
        assertTrue(e.getMessage().contains(text), "names the input: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"parent:4294967296", "parent:99999999999", "parent:00000000000000000001"})
    void portsOutOfRangeAreRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HvSocketAddress.parse(text));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"parent", "parent:5000:1", "a42e7cda-d03f-480c-9cc2-a4de20abb878", "", "::",
            "vsock:2:5000"})
    void textWithoutExactlyOneColonIsRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HvSocketAddress.parse(text));
        assertTrue(e.getMessage().contains("VM:SERVICE"), "explains the form: " + e.getMessage());
    }

    @Test
    void aMissingServiceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HvSocketAddress.parse("parent:"));
        assertTrue(e.getMessage().contains("missing service id"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"parent:1-1-1-1-1", "parent:-5", "parent:3049197c-facb-11e6-bd58-64006a7986dz"})
    void malformedServicesAreRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HvSocketAddress.parse(text));
        assertTrue(e.getMessage().contains(text), "names the input: " + e.getMessage());
    }

    @Test
    void aServiceNameIsNotLookedUpAndTheMessageSaysHowToResolveIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HvSocketAddress.parse("loopback:my-service"));
        assertTrue(e.getMessage().contains("my-service") && e.getMessage().contains("HvServiceRegistry.find"),
                e.getMessage());
    }

    @Test
    void parseGuidAcceptsTheCanonicalFormsOnly() {
        UUID parent = HvSocketAddress.PARENT;
        assertEquals(parent, HvSocketAddress.parseGuid("a42e7cda-d03f-480c-9cc2-a4de20abb878"));
        assertEquals(parent, HvSocketAddress.parseGuid("A42E7CDA-D03F-480C-9CC2-A4DE20ABB878"));
        assertEquals(parent, HvSocketAddress.parseGuid("{a42e7cda-d03f-480c-9cc2-a4de20abb878}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1-1-1-1-1", "", "{}", "a42e7cda-d03f-480c-9cc2-a4de20abb87",
            "a42e7cdad03f480c9cc2a4de20abb878",
            "a42e7cda-d03f-480c-9cc2-a4de20abb87g", "a42e7cda_d03f_480c_9cc2_a4de20abb878",
            "{a42e7cda-d03f-480c-9cc2-a4de20abb878", "a42e7cda-d03f-480c-9cc2-a4de20abb878}",
            "a42e7cd-ad03f-480c-9cc2-a4de20abb878", "+42e7cda-d03f-480c-9cc2-a4de20abb878"})
    void parseGuidRejectsEverythingElse(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HvSocketAddress.parseGuid(text));
        assertTrue(e.getMessage().contains("not a GUID"), e.getMessage());
    }
}
