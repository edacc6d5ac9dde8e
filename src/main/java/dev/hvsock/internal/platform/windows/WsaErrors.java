package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows.WinSockTypes;
import dev.hvsock.internal.platform.OsErrors;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Winsock error codes: their names, texts and meaning. {@code FormatMessage} is not bound, so the texts
 * are Windows' own system messages for these codes (as {@code FormatMessageW} gives them in English),
 * kept in a table; an unknown code is shown by number.
 *
 * <p>Reads only constants from {@link WinSockTypes}, so it loads (and is tested) on any OS.
 */
final class WsaErrors {
    public static final int WSAEINTR = WinSockTypes.WSAEINTR();
    public static final int WSAEWOULDBLOCK = WinSockTypes.WSAEWOULDBLOCK();
    public static final int WSAEINPROGRESS = WinSockTypes.WSAEINPROGRESS();
    public static final int WSAEALREADY = WinSockTypes.WSAEALREADY();
    public static final int WSAEISCONN = WinSockTypes.WSAEISCONN();
    public static final int WSAENOTCONN = WinSockTypes.WSAENOTCONN();
    public static final int WSAECONNRESET = WinSockTypes.WSAECONNRESET();
    public static final int WSAECONNABORTED = WinSockTypes.WSAECONNABORTED();
    public static final int WSAEINVAL = WinSockTypes.WSAEINVAL();
    public static final int WSAENOTSOCK = WinSockTypes.WSAENOTSOCK();
    public static final int WSAEAFNOSUPPORT = WinSockTypes.WSAEAFNOSUPPORT();
    public static final int WSAEPROTONOSUPPORT = WinSockTypes.WSAEPROTONOSUPPORT();
    public static final int WSAESOCKTNOSUPPORT = WinSockTypes.WSAESOCKTNOSUPPORT();
    public static final int WSAESHUTDOWN = WinSockTypes.WSAESHUTDOWN();

    private record Entry(String name, OsErrors.Kind kind, String text) {
    }

    private static final Map<Integer, Entry> TABLE = new HashMap<>();

    private static void define(int code, String name, OsErrors.Kind kind, String text) {
        TABLE.put(code, new Entry(name, kind, text));
    }

    static {
        define(WinSockTypes.WSAEINTR(), "WSAEINTR", OsErrors.Kind.OTHER,
                "A blocking operation was interrupted by a call to WSACancelBlockingCall.");
        define(WinSockTypes.WSAEBADF(), "WSAEBADF", OsErrors.Kind.OTHER,
                "The file handle supplied is not valid.");
        define(WinSockTypes.WSAEACCES(), "WSAEACCES", OsErrors.Kind.ACCESS_DENIED,
                "An attempt was made to access a socket in a way forbidden by its access permissions.");
        define(WinSockTypes.WSAEFAULT(), "WSAEFAULT", OsErrors.Kind.OTHER,
                "The system detected an invalid pointer address in attempting to use a pointer argument in a call.");
        define(WinSockTypes.WSAEINVAL(), "WSAEINVAL", OsErrors.Kind.OTHER,
                "An invalid argument was supplied.");
        define(WinSockTypes.WSAEMFILE(), "WSAEMFILE", OsErrors.Kind.TOO_MANY_FILES,
                "Too many open sockets.");
        define(WinSockTypes.WSAEWOULDBLOCK(), "WSAEWOULDBLOCK", OsErrors.Kind.OTHER,
                "A non-blocking socket operation could not be completed immediately.");
        define(WinSockTypes.WSAEINPROGRESS(), "WSAEINPROGRESS", OsErrors.Kind.OTHER,
                "A blocking operation is currently executing.");
        define(WinSockTypes.WSAEALREADY(), "WSAEALREADY", OsErrors.Kind.OTHER,
                "An operation was attempted on a non-blocking socket that already had an operation in progress.");
        define(WinSockTypes.WSAENOTSOCK(), "WSAENOTSOCK", OsErrors.Kind.OTHER,
                "An operation was attempted on something that is not a socket.");
        define(WinSockTypes.WSAEMSGSIZE(), "WSAEMSGSIZE", OsErrors.Kind.OTHER,
                "A message sent on a datagram socket was larger than the internal message buffer or some other "
                        + "network limit, or the buffer used to receive a datagram into was smaller than the "
                        + "datagram itself.");
        define(WinSockTypes.WSAENOPROTOOPT(), "WSAENOPROTOOPT", OsErrors.Kind.OTHER,
                "An unknown, invalid, or unsupported option or level was specified in a getsockopt or "
                        + "setsockopt call.");
        define(WinSockTypes.WSAEPROTONOSUPPORT(), "WSAEPROTONOSUPPORT", OsErrors.Kind.NO_DEVICE,
                "The requested protocol has not been configured into the system, or no implementation for it "
                        + "exists.");
        define(WinSockTypes.WSAESOCKTNOSUPPORT(), "WSAESOCKTNOSUPPORT", OsErrors.Kind.NO_DEVICE,
                "The support for the specified socket type does not exist in this address family.");
        define(WinSockTypes.WSAEOPNOTSUPP(), "WSAEOPNOTSUPP", OsErrors.Kind.OTHER,
                "The attempted operation is not supported for the type of object referenced.");
        define(WinSockTypes.WSAEAFNOSUPPORT(), "WSAEAFNOSUPPORT", OsErrors.Kind.NO_DEVICE,
                "An address incompatible with the requested protocol was used.");
        define(WinSockTypes.WSAEADDRINUSE(), "WSAEADDRINUSE", OsErrors.Kind.ADDRESS_IN_USE,
                "Only one usage of each socket address (protocol/network address/port) is normally permitted.");
        define(WinSockTypes.WSAEADDRNOTAVAIL(), "WSAEADDRNOTAVAIL", OsErrors.Kind.ADDRESS_UNAVAILABLE,
                "The requested address is not valid in its context.");
        define(WinSockTypes.WSAENETDOWN(), "WSAENETDOWN", OsErrors.Kind.NO_DEVICE,
                "A socket operation encountered a dead network.");
        define(WinSockTypes.WSAENETUNREACH(), "WSAENETUNREACH", OsErrors.Kind.UNREACHABLE,
                "A socket operation was attempted to an unreachable network.");
        define(WinSockTypes.WSAECONNABORTED(), "WSAECONNABORTED", OsErrors.Kind.RESET,
                "An established connection was aborted by the software in your host machine.");
        define(WinSockTypes.WSAECONNRESET(), "WSAECONNRESET", OsErrors.Kind.RESET,
                "An existing connection was forcibly closed by the remote host.");
        define(WinSockTypes.WSAENOBUFS(), "WSAENOBUFS", OsErrors.Kind.OTHER,
                "An operation on a socket could not be performed because the system lacked sufficient buffer "
                        + "space or because a queue was full.");
        define(WinSockTypes.WSAEISCONN(), "WSAEISCONN", OsErrors.Kind.OTHER,
                "A connect request was made on an already connected socket.");
        define(WinSockTypes.WSAENOTCONN(), "WSAENOTCONN", OsErrors.Kind.OTHER,
                "A request to send or receive data was disallowed because the socket is not connected and "
                        + "(when sending on a datagram socket using a sendto call) no address was supplied.");
        define(WinSockTypes.WSAESHUTDOWN(), "WSAESHUTDOWN", OsErrors.Kind.BROKEN_PIPE,
                "A request to send or receive data was disallowed because the socket had already been shut down "
                        + "in that direction with a previous shutdown call.");
        define(WinSockTypes.WSAETIMEDOUT(), "WSAETIMEDOUT", OsErrors.Kind.TIMED_OUT,
                "A connection attempt failed because the connected party did not properly respond after a "
                        + "period of time, or established connection failed because connected host has failed "
                        + "to respond.");
        define(WinSockTypes.WSAECONNREFUSED(), "WSAECONNREFUSED", OsErrors.Kind.REFUSED,
                "No connection could be made because the target machine actively refused it.");
        define(WinSockTypes.WSAEHOSTUNREACH(), "WSAEHOSTUNREACH", OsErrors.Kind.UNREACHABLE,
                "A socket operation was attempted to an unreachable host.");
        define(WinSockTypes.WSANOTINITIALISED(), "WSANOTINITIALISED", OsErrors.Kind.OTHER,
                "Either the application has not called WSAStartup, or WSAStartup failed.");
    }

    private WsaErrors() {
    }

    /** The symbolic name of {@code code}, e.g. {@code WSAECONNREFUSED}, or {@code "WSA error N"}. */
    public static String name(int code) {
        Entry e = TABLE.get(code);
        return e != null ? e.name : "WSA error " + code;
    }

    /** What {@code code} means to a caller. */
    public static OsErrors.Kind kind(int code) {
        Entry e = TABLE.get(code);
        return e != null ? e.kind : OsErrors.Kind.OTHER;
    }

    /** Windows' text for {@code code}, or its name where the table has none. */
    public static String describe(int code) {
        Entry e = TABLE.get(code);
        return e != null ? e.text : "Windows Sockets error " + code;
    }

    /** The exception for {@code code} in {@code operation} on {@code address} (or null). */
    public static IOException exception(OsErrors.Operation operation, SocketAddress address, int code) {
        return OsErrors.exception(operation, address, kind(code), name(code), describe(code));
    }

    /** The exception for {@code code} in {@code operation}, its message starting with {@code what}. */
    public static IOException exception(OsErrors.Operation operation, String what, int code) {
        return OsErrors.exception(operation, what, kind(code), name(code), describe(code));
    }
}
