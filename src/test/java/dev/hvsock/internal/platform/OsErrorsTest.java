package dev.hvsock.internal.platform;

import dev.hvsock.VsockAddress;
import dev.hvsock.internal.platform.OsErrors.Kind;
import dev.hvsock.internal.platform.OsErrors.Operation;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The operation, not the wording of the message, picks the exception the JDK would throw. */
class OsErrorsTest {
    private static final SocketAddress PEER = VsockAddress.of(1, 5000);

    private static IOException exception(Operation operation, Kind kind) {
        return OsErrors.exception(operation, PEER, kind, "ENAME", "Some text");
    }

    @Test
    void aConnectFailsWithConnectExceptionsOrNoRouteToHost() {
        for (Kind kind : Kind.values()) {
            Class<?> expected = switch (kind) {
                case UNREACHABLE -> NoRouteToHostException.class;
                case TOO_MANY_FILES -> IOException.class;
                // a Unix listener's full backlog (EAGAIN): the JDK's plain SocketException, not a refusal
                case TRY_AGAIN -> SocketException.class;
                default -> ConnectException.class;
            };
            assertSame(expected, exception(Operation.CONNECT, kind).getClass(), kind.name());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"BIND", "LISTEN"})
    void aBindOrListenFailsWithBindExceptionsForAddressErrors(Operation operation) {
        for (Kind kind : Kind.values()) {
            Class<?> expected = switch (kind) {
                case REFUSED, TIMED_OUT, NOT_FOUND, NO_DEVICE, ADDRESS_IN_USE, ADDRESS_UNAVAILABLE, ACCESS_DENIED ->
                        BindException.class;
                case TOO_MANY_FILES -> IOException.class;
                default -> SocketException.class;
            };
            assertSame(expected, exception(operation, kind).getClass(), operation + " " + kind);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"CONNECT", "BIND", "LISTEN"}, mode = EnumSource.Mode.EXCLUDE)
    void everyOtherOperationFailsWithSocketExceptions(Operation operation) {
        for (Kind kind : Kind.values()) {
            Class<?> expected = kind == Kind.TOO_MANY_FILES ? IOException.class : SocketException.class;
            assertSame(expected, exception(operation, kind).getClass(), operation + " " + kind);
        }
    }

    @Test
    void theMessageNamesTheOperationTheAddressAndTheError() {
        assertEquals("connect to vsock:1:5000: Some text (ENAME)", exception(Operation.CONNECT, Kind.REFUSED)
                .getMessage());
        IOException read = OsErrors.exception(Operation.READ, (SocketAddress) null, Kind.RESET, "ENAME", "Some text");
        assertEquals("read from: Some text (ENAME)", read.getMessage());
        // a text of its own names the operation instead, and still the operation picks the class
        IOException e = OsErrors.exception(Operation.CONNECT, "connect socket 7", Kind.REFUSED, "ENAME", "Some text");
        assertEquals("connect socket 7: Some text (ENAME)", e.getMessage());
        assertSame(ConnectException.class, e.getClass());
    }
}
