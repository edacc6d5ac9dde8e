package dev.hvsock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VsockAddressTest {

    @Test
    void wellKnownCidsAndPortAreTheKernelsValues() {
        assertEquals(0xFFFFFFFFL, VsockAddress.CID_ANY);
        assertEquals(0, VsockAddress.CID_HYPERVISOR);
        assertEquals(1, VsockAddress.CID_LOCAL);
        assertEquals(2, VsockAddress.CID_HOST);
        assertEquals(0xFFFFFFFFL, VsockAddress.PORT_ANY);
    }

    @Test
    void ofTakesTheWholeUnsigned32BitRange() {
        VsockAddress max = VsockAddress.of(0xFFFFFFFFL, 0xFFFFFFFFL);
        assertEquals(0xFFFFFFFFL, max.cid());
        assertEquals(0xFFFFFFFFL, max.port());
        VsockAddress high = VsockAddress.of(0x80000000L, 0x80000001L);
        assertEquals(0x80000000L, high.cid());
        assertEquals(0x80000001L, high.port());
        VsockAddress zero = VsockAddress.of(0, 0);
        assertEquals(0, zero.cid());
        assertEquals(0, zero.port());
    }

    @Test
    void ofRejectsValuesOutsideTheRangeNamingThem() {
        IllegalArgumentException cid = assertThrows(IllegalArgumentException.class, () -> VsockAddress.of(-1, 5));
        assertTrue(cid.getMessage().contains("CID") && cid.getMessage().contains("-1"), cid.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> VsockAddress.of(3, 0x1_0000_0000L));
        assertTrue(port.getMessage().contains("port") && port.getMessage().contains("4294967296"), port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VsockAddress.of(0x1_0000_0000L, 0));
        assertThrows(IllegalArgumentException.class, () -> VsockAddress.of(3, -1));
    }

    @ParameterizedTest
    @CsvSource({
            "vsock:3:5000,        3,          5000",
            "3:5000,              3,          5000",
            "VSOCK:3:5000,        3,          5000",
            "vsock:any:any,       4294967295, 4294967295",
            "*:*,                 4294967295, 4294967295",
            "vsock:hypervisor:80, 0,          80",
            "local:1024,          1,          1024",
            "host:1024,           2,          1024",
            "4294967295:0,        4294967295, 0",
            "' 7 : 8 ',           7,          8"})
    void parsesEveryForm(String text, long cid, long port) {
        assertEquals(VsockAddress.of(cid, port), VsockAddress.parse(text));
    }

    @Test
    void toStringRoundTripsThroughParse() {
        for (VsockAddress a : new VsockAddress[] {
                VsockAddress.of(3, 5000), VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY),
                VsockAddress.of(VsockAddress.CID_LOCAL, 0), VsockAddress.of(0xFFFFFFFEL, 0xFFFFFFFEL)}) {
            assertEquals(a, VsockAddress.parse(a.toString()), a.toString());
        }
        assertEquals("vsock:3:5000", VsockAddress.of(3, 5000).toString());
        assertEquals("vsock:any:any", VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY).toString());
    }

    @Test
    void equalityAndHashFollowCidAndPort() {
        assertEquals(VsockAddress.of(3, 5000), VsockAddress.parse("3:5000"));
        assertEquals(VsockAddress.of(3, 5000).hashCode(), VsockAddress.parse("3:5000").hashCode());
        assertNotEquals(VsockAddress.of(3, 5000), VsockAddress.of(3, 5001));
        assertNotEquals(VsockAddress.of(3, 5000), VsockAddress.of(4, 5000));
        assertNotEquals(VsockAddress.of(5000, 3), VsockAddress.of(3, 5000));
        assertNotEquals(VsockAddress.of(3, 5000), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "vsock:", "vsock:3", "3", "3:5000:1", "vsock:3:5000:1", "a:b", "3:-1", "-3:1",
            "3:4294967296", "4294967296:3", "3:0x10", "3: ", "3:12345678901", "vsock:parent:5000"})
    void badTextIsRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VsockAddress.parse(text));
        assertTrue(e.getMessage().contains("vsock"), e.getMessage());
    }

    @Test
    void nullTextIsRejectedWithNullPointer() {
        assertThrows(NullPointerException.class, () -> VsockAddress.parse(null));
    }
}
