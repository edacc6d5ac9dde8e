package dev.hvsock.internal.platform;

import dev.hvsock.VsockAddress;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Unix path rules both platforms share, with a {@code sockaddr_un} of 2 + 108 bytes. */
class UnixPathsTest {
    private static final UnixPaths PATHS = new UnixPaths(StandardCharsets.UTF_8, " in UTF-8", 2, 108);

    @Test
    void aPathMustLeaveRoomForItsTerminatingZero() {
        UnixDomainSocketAddress longest = UnixDomainSocketAddress.of("x".repeat(107));
        assertEquals(longest, PATHS.check(longest));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PATHS.check(UnixDomainSocketAddress.of("x".repeat(108))));
        assertEquals("Unix domain socket path too long (108 bytes in UTF-8, at most 107): " + "x".repeat(108),
                e.getMessage());
        assertThrows(UnsupportedAddressTypeException.class, () -> PATHS.check(VsockAddress.of(1, 2)));
    }

    @Test
    void decodingStopsAtTheZeroTheLengthOrTheRoom() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(2 + 108 + 8);
            byte[] path = "/tmp/s".getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(path, 0, sa, ValueLayout.JAVA_BYTE, 2, path.length);
            assertEquals(UnixDomainSocketAddress.of("/tmp/s"), PATHS.decode(sa, 2 + path.length + 1));
            // a length without the zero (Linux may return one) and a shorter length
            assertEquals(UnixDomainSocketAddress.of("/tmp/s"), PATHS.decode(sa, 2 + path.length));
            assertEquals(UnixDomainSocketAddress.of("/tm"), PATHS.decode(sa, 2 + 3));
            // unnamed: no path at all
            assertEquals(UnixDomainSocketAddress.of(""), PATHS.decode(sa, 2));
            // a length beyond sun_path (a truncated name) reads no further than sun_path
            sa.asSlice(2, 116).fill((byte) 'y');
            assertEquals(UnixDomainSocketAddress.of("y".repeat(108)), PATHS.decode(sa, 2 + 116));
            // Linux's abstract namespace starts with a zero: not expressible, so unnamed
            sa.set(ValueLayout.JAVA_BYTE, 2, (byte) 0);
            assertEquals(UnixDomainSocketAddress.of(""), PATHS.decode(sa, 2 + 10));
        }
    }
}
