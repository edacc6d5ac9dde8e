package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvSocketAddress;
import dev.hvsock.internal.platform.OsErrors;
import dev.hvsock.internal.platform.OsErrors.Operation;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Winsock error codes to names, texts and the JDK's exceptions. */
class WsaErrorsTest {
    private static final HvSocketAddress PEER = HvSocketAddress.parse("loopback:5000");

    /** Code (as winerror.h numbers it), name, kind. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(10004, "WSAEINTR", OsErrors.Kind.OTHER),
                Arguments.of(10013, "WSAEACCES", OsErrors.Kind.ACCESS_DENIED),
                Arguments.of(10022, "WSAEINVAL", OsErrors.Kind.OTHER),
                Arguments.of(10024, "WSAEMFILE", OsErrors.Kind.TOO_MANY_FILES),
                Arguments.of(10035, "WSAEWOULDBLOCK", OsErrors.Kind.OTHER),
                Arguments.of(10036, "WSAEINPROGRESS", OsErrors.Kind.OTHER),
                Arguments.of(10037, "WSAEALREADY", OsErrors.Kind.OTHER),
                Arguments.of(10038, "WSAENOTSOCK", OsErrors.Kind.OTHER),
                Arguments.of(10042, "WSAENOPROTOOPT", OsErrors.Kind.OTHER),
                Arguments.of(10043, "WSAEPROTONOSUPPORT", OsErrors.Kind.NO_DEVICE),
                Arguments.of(10044, "WSAESOCKTNOSUPPORT", OsErrors.Kind.NO_DEVICE),
                Arguments.of(10045, "WSAEOPNOTSUPP", OsErrors.Kind.OTHER),
                Arguments.of(10047, "WSAEAFNOSUPPORT", OsErrors.Kind.NO_DEVICE),
                Arguments.of(10048, "WSAEADDRINUSE", OsErrors.Kind.ADDRESS_IN_USE),
                Arguments.of(10049, "WSAEADDRNOTAVAIL", OsErrors.Kind.ADDRESS_UNAVAILABLE),
                Arguments.of(10050, "WSAENETDOWN", OsErrors.Kind.NO_DEVICE),
                Arguments.of(10051, "WSAENETUNREACH", OsErrors.Kind.UNREACHABLE),
                Arguments.of(10053, "WSAECONNABORTED", OsErrors.Kind.RESET),
                Arguments.of(10054, "WSAECONNRESET", OsErrors.Kind.RESET),
                Arguments.of(10055, "WSAENOBUFS", OsErrors.Kind.OTHER),
                Arguments.of(10056, "WSAEISCONN", OsErrors.Kind.OTHER),
                Arguments.of(10057, "WSAENOTCONN", OsErrors.Kind.OTHER),
                Arguments.of(10058, "WSAESHUTDOWN", OsErrors.Kind.BROKEN_PIPE),
                Arguments.of(10060, "WSAETIMEDOUT", OsErrors.Kind.TIMED_OUT),
                Arguments.of(10061, "WSAECONNREFUSED", OsErrors.Kind.REFUSED),
                Arguments.of(10065, "WSAEHOSTUNREACH", OsErrors.Kind.UNREACHABLE),
                Arguments.of(10093, "WSANOTINITIALISED", OsErrors.Kind.OTHER));
    }

    @ParameterizedTest
    @MethodSource("table")
    void everyCodeHasItsNameKindAndAText(int code, String name, OsErrors.Kind kind) {
        assertEquals(name, WsaErrors.name(code));
        assertEquals(kind, WsaErrors.kind(code));
        String text = WsaErrors.describe(code);
        assertTrue(text.length() > 20 && text.endsWith("."), "Windows' text for " + name + ": " + text);
    }

    @Test
    void theGeneratedConstantsHaveWinerrorsNumbers() {
        // the platform compares against these; they must be the real numbers, not MinGW accidents
        assertEquals(10035, WsaErrors.WSAEWOULDBLOCK);
        assertEquals(10036, WsaErrors.WSAEINPROGRESS);
        assertEquals(10037, WsaErrors.WSAEALREADY);
        assertEquals(10056, WsaErrors.WSAEISCONN);
        assertEquals(10057, WsaErrors.WSAENOTCONN);
        assertEquals(10054, WsaErrors.WSAECONNRESET);
        assertEquals(10053, WsaErrors.WSAECONNABORTED);
        assertEquals(10022, WsaErrors.WSAEINVAL);
        assertEquals(10047, WsaErrors.WSAEAFNOSUPPORT);
        assertEquals(10004, WsaErrors.WSAEINTR);
    }

    @Test
    void aRefusedConnectIsAConnectExceptionNamingAddressTextAndCode() {
        IOException e = WsaErrors.exception(Operation.CONNECT, PEER, 10061);
        assertInstanceOf(ConnectException.class, e);
        assertEquals("connect to loopback:5000: No connection could be made because the target machine actively "
                + "refused it. (WSAECONNREFUSED)", e.getMessage());
    }

    @Test
    void timeoutsAndUnreachablePartitionsFailTheConnect() {
        assertInstanceOf(ConnectException.class, WsaErrors.exception(Operation.CONNECT, PEER, 10060));
        assertInstanceOf(NoRouteToHostException.class, WsaErrors.exception(Operation.CONNECT, PEER, 10065));
        assertInstanceOf(NoRouteToHostException.class, WsaErrors.exception(Operation.CONNECT, PEER, 10051));
    }

    @Test
    void anAddressInUseIsABindException() {
        IOException e = WsaErrors.exception(Operation.BIND, PEER, 10048);
        assertInstanceOf(BindException.class, e);
        assertTrue(e.getMessage().endsWith("(WSAEADDRINUSE)"), e.getMessage());
    }

    @Test
    void aResetDuringReadIsASocketException() {
        IOException e = WsaErrors.exception(Operation.READ, PEER, 10054);
        assertEquals(SocketException.class, e.getClass());
        assertTrue(e.getMessage().contains("forcibly closed"), e.getMessage());
    }

    @Test
    void anUnknownCodeIsShownByNumber() {
        assertEquals("WSA error 12345", WsaErrors.name(12345));
        assertEquals(OsErrors.Kind.OTHER, WsaErrors.kind(12345));
        IOException e = WsaErrors.exception(Operation.READ, (SocketAddress) null, 12345);
        assertEquals("read from: Windows Sockets error 12345 (WSA error 12345)", e.getMessage());
    }
}
