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
 * Each platform classifies its own error codes into the kinds below; the {@link Operation} picks the
 * exception class for a kind.
 */
public final class OsErrors {
    private OsErrors() {
    }

    /**
     * What an OS error means to a caller, independent of its number. {@code TRY_AGAIN} is a resource that is
     * busy for now ({@code EAGAIN}): where it becomes an exception (a connect that finds a Unix listener's
     * backlog full) it is a plain {@link SocketException}, as the JDK throws it.
     */
    public enum Kind {
        REFUSED, TIMED_OUT, UNREACHABLE, RESET, BROKEN_PIPE, ADDRESS_IN_USE, ADDRESS_UNAVAILABLE,
        ACCESS_DENIED, NOT_FOUND, NO_DEVICE, TOO_MANY_FILES, TRY_AGAIN, OTHER
    }

    /**
     * What a native call was doing when it failed. A connect's failures are {@link ConnectException}s (or
     * {@link NoRouteToHostException}s), a bind's or listen's address errors {@link BindException}s, as the
     * JDK's channels throw them; the text starts the message where an address follows.
     */
    public enum Operation {
        OPEN("open"),
        BIND("bind to"),
        LISTEN("listen on"),
        CONNECT("connect to"),
        ACCEPT("accept on"),
        READ("read from"),
        WRITE("write to"),
        SHUTDOWN("shutdown of connection to"),
        CLOSE("close"),
        /** Setting or getting an option or a mode of a handle. */
        CONFIGURE("configure"),
        /** Asking a socket for its own or its peer's address. */
        NAME("name"),
        /** Waiting for readiness, or changing what a poll set waits for. */
        POLL("poll"),
        /** Signalling or draining a wakeup handle. */
        WAKEUP("wake up");

        private final String text;

        Operation(String text) {
            this.text = text;
        }

        /** How a message names this operation before an address: "connect to", "bind to", ... */
        public String text() {
            return text;
        }

        private boolean connecting() {
            return this == CONNECT;
        }

        private boolean binding() {
            return this == BIND || this == LISTEN;
        }
    }

    /**
     * The exception for an error in {@code operation} on {@code address}, its message starting with the
     * operation's {@linkplain Operation#text() text}.
     *
     * @param address the address the operation concerned, or null
     * @param name the error's symbolic name (ECONNREFUSED, WSAECONNREFUSED)
     * @param description the OS's text for it
     */
    public static IOException exception(Operation operation, SocketAddress address, Kind kind, String name,
                                        String description) {
        return exception(operation, operation.text() + (address != null ? " " + address : ""), kind, name,
                description);
    }

    /**
     * The exception for an error in {@code operation}, its message starting with {@code what}
     * ("close socket 7", "epoll_wait", ...).
     */
    public static IOException exception(Operation operation, String what, Kind kind, String name,
                                        String description) {
        String message = what + ": " + description + " (" + name + ")";
        boolean connecting = operation.connecting();
        boolean binding = operation.binding();
        return switch (kind) {
            case UNREACHABLE -> connecting ? new NoRouteToHostException(message) : new SocketException(message);
            case REFUSED, TIMED_OUT, NOT_FOUND, NO_DEVICE -> connecting ? new ConnectException(message)
                    : binding ? new BindException(message) : new SocketException(message);
            case ADDRESS_IN_USE, ADDRESS_UNAVAILABLE, ACCESS_DENIED -> binding ? new BindException(message)
                    : connecting ? new ConnectException(message) : new SocketException(message);
            // vsock answers a connect to a port nobody listens on with a reset: that is a refused connect
            case RESET, BROKEN_PIPE -> connecting ? new ConnectException(message) : new SocketException(message);
            case TOO_MANY_FILES -> new IOException(message);
            case TRY_AGAIN -> new SocketException(message);
            case OTHER -> connecting ? new ConnectException(message) : new SocketException(message);
        };
    }
}
