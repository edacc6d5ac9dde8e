package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvSocketAddress;
import dev.hvsock.VsockAddress;
import dev.hvsock.internal.ffi.windows.SOCKADDR_HV;
import dev.hvsock.internal.ffi.windows._SOCKADDR_HV;
import dev.hvsock.internal.ffi.windows.sockaddr_un;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SOCKADDR_HV and Windows' sockaddr_un, encoded into and decoded from the generated layouts. */
class WindowsSocketAddressesTest {
    private static byte[] bytes(MemorySegment s, int length) {
        return s.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void theGeneratedSockaddrHvIsWindowsLayout() {
        assertEquals(36, SOCKADDR_HV.sizeof());
        assertEquals(0, _SOCKADDR_HV.Family$offset());
        assertEquals(2, _SOCKADDR_HV.Reserved$offset());
        assertEquals(4, _SOCKADDR_HV.VmId$offset());
        assertEquals(20, _SOCKADDR_HV.ServiceId$offset());
        assertEquals(36, WindowsSocketAddresses.HYPERV_SIZE);
        assertEquals(34, WindowsSocketAddresses.AF_HYPERV);
        assertEquals(1, WindowsSocketAddresses.AF_UNIX);
        assertEquals(110, sockaddr_un.sizeof());
    }

    @Test
    void aHyperVAddressEncodesToItsByteImage() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(WindowsSocketAddresses.MAX_SIZE);
            sa.fill((byte) 0x5A); // whatever was there before must not leak into Reserved
            int length = WindowsSocketAddresses.encodeHyperV(sa,
                    HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK, 5000));
            assertEquals(36, length);
            // AF_HYPERV 34 LE, Reserved 0, HV_GUID_LOOPBACK, then 00001388-facb-11e6-bd58-64006a7986d3
            assertEquals("2200" + "0000" + "9761e1e056dd104a91955ee7a155a838" + "88130000cbfae611bd5864006a7986d3",
                    HexFormat.of().formatHex(bytes(sa, length)));
        }
    }

    @Test
    void hyperVAddressesRoundTrip() {
        SplittableRandom random = new SplittableRandom(3);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(WindowsSocketAddresses.MAX_SIZE);
            for (int i = 0; i < 200; i++) {
                HvSocketAddress a = HvSocketAddress.of(new UUID(random.nextLong(), random.nextLong()),
                        new UUID(random.nextLong(), random.nextLong()));
                int length = WindowsSocketAddresses.encodeHyperV(sa, a);
                assertEquals(a, assertDecodes(sa, length));
            }
            for (UUID vm : new UUID[]{HvSocketAddress.WILDCARD, HvSocketAddress.BROADCAST, HvSocketAddress.PARENT,
                    HvSocketAddress.CHILDREN, HvSocketAddress.SILOHOST}) {
                HvSocketAddress a = HvSocketAddress.of(vm, HvSocketAddress.vsockServiceId(0x7FFF_FFFFL));
                assertEquals(a, assertDecodes(sa, WindowsSocketAddresses.encodeHyperV(sa, a)));
            }
        }
    }

    private static SocketAddress assertDecodes(MemorySegment sa, int length) {
        try {
            return WindowsSocketAddresses.decode(sa, length);
        } catch (SocketException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTruncatedOrForeignAddressIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(WindowsSocketAddresses.MAX_SIZE);
            WindowsSocketAddresses.encodeHyperV(sa, HvSocketAddress.parse("parent:1"));
            assertThrows(SocketException.class, () -> WindowsSocketAddresses.decode(sa, 35));
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) 2); // AF_INET
            SocketException e = assertThrows(SocketException.class, () -> WindowsSocketAddresses.decode(sa, 16));
            assertTrue(e.getMessage().contains("family 2"), e.getMessage());
        }
    }

    @Test
    void aUnixListenersPeerOfAnotherFamilyIsUnnamedNotAFailure() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(WindowsSocketAddresses.MAX_SIZE);
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) 2); // AF_INET: decode() refuses it, and the accept failed
            assertEquals(UnixDomainSocketAddress.of(""), WindowsSocketAddresses.decodeUnixPeer(sa, 16));
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) 0); // AF_UNSPEC
            assertEquals(UnixDomainSocketAddress.of(""), WindowsSocketAddresses.decodeUnixPeer(sa, 2));
            assertEquals(UnixDomainSocketAddress.of(""), WindowsSocketAddresses.decodeUnixPeer(sa, 0));
            UnixDomainSocketAddress named = UnixDomainSocketAddress.of("C:\\temp\\peer.sock");
            int length = WindowsSocketAddresses.encode(sa, java.net.StandardProtocolFamily.UNIX, named, false);
            assertEquals(named, WindowsSocketAddresses.decodeUnixPeer(sa, length));
        }
    }

    @Test
    void unixAddressesEncodeAsTheJdkDoesOnWindowsAndRoundTrip() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(WindowsSocketAddresses.MAX_SIZE);
            sa.fill((byte) 0x5A);
            UnixDomainSocketAddress a = UnixDomainSocketAddress.of("C:\\Users\\me\\AppData\\Local\\Temp\\s\u00e9.sock");
            int length = WindowsSocketAddresses.encodeUnix(sa, a);
            int pathBytes = a.getPath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            // family + the UTF-8 path, without the terminating zero (which is there all the same)
            assertEquals(2 + pathBytes, length);
            assertEquals(1, sa.get(ValueLayout.JAVA_SHORT, 0));
            assertEquals(0, sa.get(ValueLayout.JAVA_BYTE, length));
            assertEquals(a, assertDecodes(sa, length));
            // getsockname reports the whole structure's size; the path still ends at its zero
            assertEquals(a, assertDecodes(sa, (int) sockaddr_un.sizeof()));
            // unnamed
            assertEquals(UnixDomainSocketAddress.of(""), assertDecodes(sa, 2));
        }
    }

    @Test
    void unixPathsMustFitSockaddrUn() {
        String longest = "x".repeat(107);
        assertEquals(UnixDomainSocketAddress.of(longest),
                WindowsSocketAddresses.UNIX_PATHS.check(UnixDomainSocketAddress.of(longest)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WindowsSocketAddresses.UNIX_PATHS.check(UnixDomainSocketAddress.of(longest + "x")));
        assertTrue(e.getMessage().contains("108 bytes"), e.getMessage());
        // multi-byte UTF-8 counts by bytes
        assertThrows(IllegalArgumentException.class,
                () -> WindowsSocketAddresses.UNIX_PATHS.check(UnixDomainSocketAddress.of("\u00e9".repeat(54))));
    }

    @Test
    void onlyHyperVAddressesAreHyperVAddresses() {
        assertThrows(UnsupportedAddressTypeException.class,
                () -> WindowsSocketAddresses.checkHyperV(VsockAddress.of(2, 5000), false));
        assertThrows(UnsupportedAddressTypeException.class,
                () -> WindowsSocketAddresses.UNIX_PATHS.check(HvSocketAddress.parse("parent:5000")));
    }

    @Test
    void theWildcardVmIdBindsButDoesNotConnect() {
        HvSocketAddress any = HvSocketAddress.parse("wildcard:5000");
        assertEquals(any, WindowsSocketAddresses.checkHyperV(any, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WindowsSocketAddresses.checkHyperV(any, false));
        assertTrue(e.getMessage().contains("wildcard"), e.getMessage());
        HvSocketAddress loopback = HvSocketAddress.parse("loopback:5000");
        assertEquals(loopback, WindowsSocketAddresses.checkHyperV(loopback, false));
    }

    @Test
    void theWakeupPairsLoopbackAddressIsASockaddrInWithThePortInNetworkOrder() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(WindowsSocketAddresses.MAX_SIZE);
            sa.fill((byte) 0x55);
            assertEquals(16, WindowsSocketAddresses.encodeLoopbackInet(sa, 0xC350)); // port 50000
            // struct sockaddr_in { short sin_family; u_short sin_port; struct in_addr sin_addr; char sin_zero[8]; }
            assertArrayEquals(new byte[]{2, 0, (byte) 0xC3, 0x50, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                    sa.asSlice(0, 16).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(0x55, sa.get(ValueLayout.JAVA_BYTE, 16), "nothing written past it");
            assertEquals(50000, WindowsSocketAddresses.inetPort(sa));
        }
    }
}
