package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvSocketOptions;
import dev.hvsock.internal.platform.windows.WindowsSocketOptions.Native;

import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
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
        assertEquals(Set.of(HvSocketOptions.CONNECT_TIMEOUT, HvSocketOptions.CONTAINER_PASSTHRU,
                HvSocketOptions.CONNECTED_SUSPEND), WindowsSocketOptions.supported(false, false));
        assertEquals(Set.of(HvSocketOptions.CONTAINER_PASSTHRU, HvSocketOptions.CONNECTED_SUSPEND),
                WindowsSocketOptions.supported(false, true));
        assertEquals(Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
                StandardSocketOptions.SO_LINGER), WindowsSocketOptions.supported(true, false));
        assertEquals(Set.of(StandardSocketOptions.SO_RCVBUF), WindowsSocketOptions.supported(true, true));
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
