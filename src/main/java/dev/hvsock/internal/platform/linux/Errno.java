package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.internal.platform.OsErrors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

/** Linux {@code errno} values: their names, texts and meaning. */
final class Errno {
    static final int EINTR = LibC.EINTR();
    static final int EAGAIN = LibC.EAGAIN();
    static final int EWOULDBLOCK = LibC.EWOULDBLOCK();
    static final int EINPROGRESS = LibC.EINPROGRESS();
    static final int ECONNABORTED = LibC.ECONNABORTED();
    static final int EAFNOSUPPORT = LibC.EAFNOSUPPORT();
    static final int ENOTCONN = LibC.ENOTCONN();
    static final int EALREADY = LibC.EALREADY();
    static final int EISCONN = LibC.EISCONN();

    private static final Map<Integer, String> NAMES = new HashMap<>();
    private static final Map<Integer, OsErrors.Kind> KINDS = new HashMap<>();

    private static void define(int value, String name, OsErrors.Kind kind) {
        NAMES.put(value, name);
        KINDS.put(value, kind);
    }

    static {
        define(LibC.EPERM(), "EPERM", OsErrors.Kind.ACCESS_DENIED);
        define(LibC.ENOENT(), "ENOENT", OsErrors.Kind.NOT_FOUND);
        define(LibC.EINTR(), "EINTR", OsErrors.Kind.OTHER);
        define(LibC.EBADF(), "EBADF", OsErrors.Kind.OTHER);
        define(LibC.EAGAIN(), "EAGAIN", OsErrors.Kind.TRY_AGAIN);
        define(LibC.ENOMEM(), "ENOMEM", OsErrors.Kind.OTHER);
        define(LibC.EACCES(), "EACCES", OsErrors.Kind.ACCESS_DENIED);
        define(LibC.ENODEV(), "ENODEV", OsErrors.Kind.NO_DEVICE);
        define(LibC.EINVAL(), "EINVAL", OsErrors.Kind.OTHER);
        define(LibC.ENFILE(), "ENFILE", OsErrors.Kind.TOO_MANY_FILES);
        define(LibC.EMFILE(), "EMFILE", OsErrors.Kind.TOO_MANY_FILES);
        define(LibC.EPIPE(), "EPIPE", OsErrors.Kind.BROKEN_PIPE);
        define(LibC.ENAMETOOLONG(), "ENAMETOOLONG", OsErrors.Kind.OTHER);
        define(LibC.ENOTSOCK(), "ENOTSOCK", OsErrors.Kind.OTHER);
        define(LibC.ENOPROTOOPT(), "ENOPROTOOPT", OsErrors.Kind.OTHER);
        define(LibC.EOPNOTSUPP(), "EOPNOTSUPP", OsErrors.Kind.OTHER);
        define(LibC.EAFNOSUPPORT(), "EAFNOSUPPORT", OsErrors.Kind.NO_DEVICE);
        define(LibC.EADDRINUSE(), "EADDRINUSE", OsErrors.Kind.ADDRESS_IN_USE);
        define(LibC.EADDRNOTAVAIL(), "EADDRNOTAVAIL", OsErrors.Kind.ADDRESS_UNAVAILABLE);
        define(LibC.ENETUNREACH(), "ENETUNREACH", OsErrors.Kind.UNREACHABLE);
        define(LibC.ECONNABORTED(), "ECONNABORTED", OsErrors.Kind.RESET);
        define(LibC.ECONNRESET(), "ECONNRESET", OsErrors.Kind.RESET);
        define(LibC.ENOBUFS(), "ENOBUFS", OsErrors.Kind.OTHER);
        define(LibC.EISCONN(), "EISCONN", OsErrors.Kind.OTHER);
        define(LibC.ENOTCONN(), "ENOTCONN", OsErrors.Kind.OTHER);
        define(LibC.ESHUTDOWN(), "ESHUTDOWN", OsErrors.Kind.BROKEN_PIPE);
        define(LibC.ETIMEDOUT(), "ETIMEDOUT", OsErrors.Kind.TIMED_OUT);
        define(LibC.ECONNREFUSED(), "ECONNREFUSED", OsErrors.Kind.REFUSED);
        define(LibC.EHOSTUNREACH(), "EHOSTUNREACH", OsErrors.Kind.UNREACHABLE);
        define(LibC.EALREADY(), "EALREADY", OsErrors.Kind.OTHER);
        define(LibC.EINPROGRESS(), "EINPROGRESS", OsErrors.Kind.OTHER);
    }

    private Errno() {
    }

    /** The symbolic name of {@code errno}, e.g. {@code ECONNREFUSED}. */
    static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    static OsErrors.Kind kind(int errno) {
        return KINDS.getOrDefault(errno, OsErrors.Kind.OTHER);
    }

    /** The C library's text for {@code errno}. */
    static String describe(int errno) {
        try {
            MemorySegment text = LibC.strerror(errno);
            return text.equals(MemorySegment.NULL) ? name(errno) : text.reinterpret(1024).getString(0);
        } catch (RuntimeException e) {
            return name(errno);
        }
    }

    /** The exception for {@code errno} in {@code operation} on {@code address} (or null). */
    static IOException exception(OsErrors.Operation operation, SocketAddress address, int errno) {
        return OsErrors.exception(operation, address, kind(errno), name(errno), describe(errno));
    }

    /** The exception for {@code errno} in {@code operation}, its message starting with {@code what}. */
    static IOException exception(OsErrors.Operation operation, String what, int errno) {
        return OsErrors.exception(operation, what, kind(errno), name(errno), describe(errno));
    }
}
