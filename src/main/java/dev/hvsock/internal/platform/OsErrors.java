package dev.hvsock.internal.platform;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * Turns an OS error into the exception the JDK throws for it, with a message that names the
 * operation, the address and the error: {@code "connect to vsock:1:5000: Connection refused (ECONNREFUSED)"}.
 * Each platform classifies its own error codes into the kinds below.
 */
public final class OsErrors {
    private OsErrors() {
    }

    /** What an OS error means to a caller, independent of its number. */
    public enum Kind {
        REFUSED, TIMED_OUT, UNREACHABLE, RESET, BROKEN_PIPE, ADDRESS_IN_USE, ADDRESS_UNAVAILABLE,
        ACCESS_DENIED, NOT_FOUND, NO_DEVICE, TOO_MANY_FILES, OTHER
    }

    /**
     * The exception for an error in {@code operation} ("connect to", "bind to", "read from", ...).
     *
     * @param address the address the operation concerned, or null
     * @param name the error's symbolic name (ECONNREFUSED, WSAECONNREFUSED)
     * @param description the OS's text for it
     */
    public static IOException exception(String operation, SocketAddress address, Kind kind, String name,
                                        String description) {
        String message = operation + (address != null ? " " + address : "") + ": " + description + " (" + name + ")";
        boolean connecting = operation.startsWith("connect");
        boolean binding = operation.startsWith("bind") || operation.startsWith("listen");
        return switch (kind) {
            case UNREACHABLE -> connecting ? new NoRouteToHostException(message) : new SocketException(message);
            case REFUSED, TIMED_OUT, NOT_FOUND, NO_DEVICE -> connecting ? new ConnectException(message)
                    : binding ? new BindException(message) : new SocketException(message);
            case ADDRESS_IN_USE, ADDRESS_UNAVAILABLE, ACCESS_DENIED -> binding ? new BindException(message)
                    : connecting ? new ConnectException(message) : new SocketException(message);
            // vsock answers a connect to a port nobody listens on with a reset: that is a refused connect
            case RESET, BROKEN_PIPE -> connecting ? new ConnectException(message) : new SocketException(message);
            case TOO_MANY_FILES -> new IOException(message);
            case OTHER -> connecting ? new ConnectException(message) : new SocketException(message);
        };
    }
}
