package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvSocketOptions;
import dev.hvsock.internal.platform.windows.WindowsSocketOptions.Native;

import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which options each Windows family has, how values are checked and what reaches setsockopt. */
class WindowsSocketOptionsTest {
    private static final int SOL_SOCKET = 0xFFFF;
    private static final int HV_PROTOCOL_RAW = 1;

    @Test
    void eachFamilyHasItsOptions() {
        Set<SocketOption<Boolean>> none = Set.of();
        assertEquals(Set.of(HvSocketOptions.CONNECT_TIMEOUT, HvSocketOptions.CONNECTED_SUSPEND),
                WindowsSocketOptions.supported(false, false, none));
        assertEquals(Set.of(HvSocketOptions.CONNECTED_SUSPEND), WindowsSocketOptions.supported(false, true, none));
        assertEquals(Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
                StandardSocketOptions.SO_LINGER), WindowsSocketOptions.supported(true, false, none));
        assertEquals(Set.of(StandardSocketOptions.SO_RCVBUF), WindowsSocketOptions.supported(true, true, none));
    }

    @Test
    void theOptionsOnlySomeWindowsHaveAreThereWhereTheProbeFoundThem() {
        // HVSOCKET_CONTAINER_PASSTHRU is gone from build 22621 on (windows-2025 is 26100), HIGH_VTL came then;
        // windows-2022 (20348) may have PASSTHRU and lack HIGH_VTL
        Set<SocketOption<Boolean>> older = Set.of(HvSocketOptions.CONTAINER_PASSTHRU);
        Set<SocketOption<Boolean>> newer = Set.of(HvSocketOptions.HIGH_VTL);
        assertEquals(Set.of(HvSocketOptions.CONNECT_TIMEOUT, HvSocketOptions.CONNECTED_SUSPEND,
                HvSocketOptions.CONTAINER_PASSTHRU), WindowsSocketOptions.supported(false, false, older));
        assertEquals(Set.of(HvSocketOptions.CONNECTED_SUSPEND, HvSocketOptions.CONTAINER_PASSTHRU),
                WindowsSocketOptions.supported(false, true, older));
        assertEquals(Set.of(HvSocketOptions.CONNECT_TIMEOUT, HvSocketOptions.CONNECTED_SUSPEND,
                HvSocketOptions.HIGH_VTL), WindowsSocketOptions.supported(false, false, newer));
        assertEquals(Set.of(HvSocketOptions.CONNECTED_SUSPEND), WindowsSocketOptions.supported(false, true, newer),
                "HIGH_VTL concerns a connect, not a listener");
        assertEquals(Set.of(StandardSocketOptions.SO_RCVBUF), WindowsSocketOptions.supported(true, true, older),
                "Unix sockets have no Hyper-V options");
        assertEquals(List.of(HvSocketOptions.CONNECTED_SUSPEND), WindowsSocketOptions.INHERITED_BY_ACCEPTED);
    }

    @Test
    void theConnectTimeoutIsAHyperVDwordUpToTheWindowsMaximum() {
        assertEquals(300_000, WindowsSocketOptions.MAX_CONNECT_TIMEOUT_MILLIS);
        assertEquals(HvSocketOptions.CONNECT_TIMEOUT_MAX_MILLIS, WindowsSocketOptions.MAX_CONNECT_TIMEOUT_MILLIS);
        assertEquals(new Native(HV_PROTOCOL_RAW, 1, 300_000),
                WindowsSocketOptions.toNative(HvSocketOptions.CONNECT_TIMEOUT, 300_000));
        assertEquals(new Native(HV_PROTOCOL_RAW, 1, 1),
                WindowsSocketOptions.toNative(HvSocketOptions.CONNECT_TIMEOUT, 1));
        assertEquals(2500, WindowsSocketOptions.fromNative(HvSocketOptions.CONNECT_TIMEOUT, 2500));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 300_001, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void connectTimeoutsOutOfRangeAreRefusedWithTheRange(int millis) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WindowsSocketOptions.toNative(HvSocketOptions.CONNECT_TIMEOUT, millis));
        assertTrue(e.getMessage().contains("CONNECT_TIMEOUT") && e.getMessage().contains(Integer.toString(millis))
                && e.getMessage().contains("1 to 300000"), e.getMessage());
    }

    @Test
    void theHyperVFlagsAreDwordBooleans() {
        assertEquals(new Native(HV_PROTOCOL_RAW, 2, 1),
                WindowsSocketOptions.toNative(HvSocketOptions.CONTAINER_PASSTHRU, true));
        assertEquals(new Native(HV_PROTOCOL_RAW, 2, 0),
                WindowsSocketOptions.toNative(HvSocketOptions.CONTAINER_PASSTHRU, false));
        assertEquals(new Native(HV_PROTOCOL_RAW, 4, 1),
                WindowsSocketOptions.toNative(HvSocketOptions.CONNECTED_SUSPEND, true));
        assertEquals(true, WindowsSocketOptions.fromNative(HvSocketOptions.CONNECTED_SUSPEND, 1));
        assertEquals(false, WindowsSocketOptions.fromNative(HvSocketOptions.CONNECTED_SUSPEND, 0));
        // a BOOL Windows hands back as any non-zero value
        assertEquals(true, WindowsSocketOptions.fromNative(HvSocketOptions.CONTAINER_PASSTHRU, 0x100));
        // hvsocket.h (Windows SDK): #define HVSOCKET_HIGH_VTL 0x08
        assertEquals(new Native(HV_PROTOCOL_RAW, 8, 1), WindowsSocketOptions.toNative(HvSocketOptions.HIGH_VTL, true));
        assertEquals(false, WindowsSocketOptions.fromNative(HvSocketOptions.HIGH_VTL, 0));
    }

    @Test
    void bufferSizesAreIntsAndNeverNegative() {
        assertEquals(new Native(SOL_SOCKET, 0x1001, 65536),
                WindowsSocketOptions.toNative(StandardSocketOptions.SO_SNDBUF, 65536));
        assertEquals(new Native(SOL_SOCKET, 0x1002, 0),
                WindowsSocketOptions.toNative(StandardSocketOptions.SO_RCVBUF, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WindowsSocketOptions.toNative(StandardSocketOptions.SO_SNDBUF, -1));
        assertTrue(e.getMessage().contains("SO_SNDBUF"), e.getMessage());
    }

    @Test
    void lingerIsTwoUnsignedShortsClampedAsTheJdkClampsIt() {
        // struct linger { u_short l_onoff; u_short l_linger; } read as one little-endian int
        assertEquals(new Native(SOL_SOCKET, 0x80, 0),
                WindowsSocketOptions.toNative(StandardSocketOptions.SO_LINGER, -1));
        assertEquals(new Native(SOL_SOCKET, 0x80, 1 | (5 << 16)),
                WindowsSocketOptions.toNative(StandardSocketOptions.SO_LINGER, 5));
        assertEquals(new Native(SOL_SOCKET, 0x80, 1),
                WindowsSocketOptions.toNative(StandardSocketOptions.SO_LINGER, 0));
        assertEquals(new Native(SOL_SOCKET, 0x80, 1 | (65535 << 16)),
                WindowsSocketOptions.toNative(StandardSocketOptions.SO_LINGER, 70_000));
        assertEquals(-1, WindowsSocketOptions.fromNative(StandardSocketOptions.SO_LINGER, 0));
        assertEquals(-1, WindowsSocketOptions.fromNative(StandardSocketOptions.SO_LINGER, 7 << 16));
        assertEquals(0, WindowsSocketOptions.fromNative(StandardSocketOptions.SO_LINGER, 1));
        assertEquals(65535, WindowsSocketOptions.fromNative(StandardSocketOptions.SO_LINGER, 1 | (65535 << 16)));
    }

    @Test
    void optionsOfOtherFamiliesAreRefused() {
        for (SocketOption<?> option : new SocketOption<?>[]{HvSocketOptions.VSOCK_BUFFER_SIZE,
                StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.TCP_NODELAY}) {
            assertThrows(UnsupportedOperationException.class, () -> WindowsSocketOptions.nativeName(option));
            assertThrows(UnsupportedOperationException.class, () -> WindowsSocketOptions.fromNative(option, 0));
        }
    }

    @Test
    void theDefaultConnectTimeoutIsFarBelowWindowsOwnAndSettableByProperty() {
        assertEquals(WindowsSocketOptions.DEFAULT_CONNECT_TIMEOUT_MILLIS,
                WindowsSocketOptions.defaultConnectTimeoutMillis(null));
        assertTrue(WindowsSocketOptions.DEFAULT_CONNECT_TIMEOUT_MILLIS <= 10_000);
        assertEquals(2500, WindowsSocketOptions.defaultConnectTimeoutMillis("2500"));
        assertEquals(300_000, WindowsSocketOptions.defaultConnectTimeoutMillis(" 300000 "));
        for (String bad : new String[]{"0", "300001", "-5", "ten", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WindowsSocketOptions.defaultConnectTimeoutMillis(bad));
            assertTrue(e.getMessage().contains(WindowsSocketOptions.CONNECT_TIMEOUT_PROPERTY), e.getMessage());
        }
    }

    @Test
    void aBadConnectTimeoutPropertyFailsEveryHyperVOpenWithTheReasonInsteadOfTheStartUp() throws Exception {
        WindowsSocketOptions.DefaultConnectTimeout bad = WindowsSocketOptions.DefaultConnectTimeout.of("ten");
        for (int attempt = 0; attempt < 2; attempt++) {
            SocketException e = assertThrows(SocketException.class, bad::millisOrThrow);
            assertTrue(e.getMessage().contains(WindowsSocketOptions.CONNECT_TIMEOUT_PROPERTY)
                    && e.getMessage().contains("\"ten\"") && e.getMessage().contains("Hyper-V socket"), e.getMessage());
        }
        assertEquals(2500, WindowsSocketOptions.DefaultConnectTimeout.of("2500").millisOrThrow());
        assertEquals(WindowsSocketOptions.DEFAULT_CONNECT_TIMEOUT_MILLIS,
                WindowsSocketOptions.DefaultConnectTimeout.of(null).millisOrThrow());
    }
}
