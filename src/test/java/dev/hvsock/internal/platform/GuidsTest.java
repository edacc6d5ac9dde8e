package dev.hvsock.internal.platform;

import dev.hvsock.HvSocketAddress;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** GUID byte order: Windows stores Data1..Data3 little-endian, Data4 as is. */
class GuidsTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void wellKnownGuidsHaveTheirWindowsByteImages() {
        // HV_GUID_PARENT {a42e7cda-d03f-480c-9cc2-a4de20abb878}
        assertArrayEquals(hex("da7c2ea43fd00c489cc2a4de20abb878"), Guids.toBytes(HvSocketAddress.PARENT));
        // HV_GUID_LOOPBACK {e0e16197-dd56-4a10-9195-5ee7a155a838}
        assertArrayEquals(hex("9761e1e056dd104a91955ee7a155a838"), Guids.toBytes(HvSocketAddress.LOOPBACK));
        // HV_GUID_CHILDREN {90db8b89-0d35-4f79-8ce9-49ea0ac8b7cd}
        assertArrayEquals(hex("898bdb90350d794f8ce949ea0ac8b7cd"), Guids.toBytes(HvSocketAddress.CHILDREN));
        // the vsock template carries the port in Data1, so port 0x12345678 reads 78 56 34 12 first
        assertArrayEquals(hex("78563412cbfae611bd5864006a7986d3"),
                Guids.toBytes(HvSocketAddress.vsockServiceId(0x12345678L)));
        assertArrayEquals(new byte[16], Guids.toBytes(HvSocketAddress.WILDCARD));
    }

    @Test
    void bytesReadBackToTheSameGuid() {
        assertEquals(HvSocketAddress.PARENT, Guids.fromBytes(hex("da7c2ea43fd00c489cc2a4de20abb878")));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            UUID guid = new UUID(random.nextLong(), random.nextLong());
            assertEquals(guid, Guids.fromBytes(Guids.toBytes(guid)));
        }
        assertThrows(IllegalArgumentException.class, () -> Guids.fromBytes(new byte[15]));
    }

    @Test
    void segmentsAreWrittenAndReadAtAnOffset() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(40);
            Guids.write(s, 3, HvSocketAddress.SILOHOST);
            assertEquals(0, s.get(ValueLayout.JAVA_BYTE, 2), "nothing written before the offset");
            assertEquals(0, s.get(ValueLayout.JAVA_BYTE, 19), "nothing written after the GUID");
            assertEquals(HvSocketAddress.SILOHOST, Guids.read(s, 3));
            byte[] image = new byte[16];
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 3, image, 0, 16);
            assertArrayEquals(Guids.toBytes(HvSocketAddress.SILOHOST), image);
        }
    }
}
