package dev.hvsock.internal.platform.linux;

import dev.hvsock.HvSocketOptions;
import dev.hvsock.internal.ffi.linux.LibC;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * The socket options of the Linux platform: which ones each family has, how a value is checked and
 * turned into its native form and back. The buffer sizes are {@code int}s at level {@code SOL_SOCKET},
 * {@code SO_LINGER} a {@code struct linger}; the vsock options (level {@code AF_VSOCK}) are
 * {@code unsigned long long} buffer sizes and a {@code struct timeval} connect timeout.
 */
final class LinuxSocketOptions {
    static final Set<SocketOption<?>> UNIX_OPTIONS = Set.of(
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_LINGER);
    static final Set<SocketOption<?>> UNIX_SERVER_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF);
    // SO_SNDBUF and SO_RCVBUF belong to the socket layer (SOL_SOCKET), which every family has: the kernel takes
    // them on vsock sockets too, and reads them back (doubled, as for any socket). The vsock stream's own buffer
    // is VSOCK_BUFFER_SIZE. Frameworks read and set them on every connection; the JDK's channels all have them.
    static final Set<SocketOption<?>> VSOCK_OPTIONS = Set.of(
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_LINGER,
            HvSocketOptions.CONNECT_TIMEOUT, HvSocketOptions.VSOCK_BUFFER_SIZE,
            HvSocketOptions.VSOCK_BUFFER_MIN_SIZE, HvSocketOptions.VSOCK_BUFFER_MAX_SIZE);
    static final Set<SocketOption<?>> VSOCK_SERVER_OPTIONS = Set.of(
            StandardSocketOptions.SO_RCVBUF, HvSocketOptions.VSOCK_BUFFER_SIZE,
            HvSocketOptions.VSOCK_BUFFER_MIN_SIZE, HvSocketOptions.VSOCK_BUFFER_MAX_SIZE);

    private static final int SOL_SOCKET = LibC.SOL_SOCKET();
    private static final int SOL_VSOCK = LibC.AF_VSOCK();
    // struct timeval: long tv_sec, long tv_usec (jextract has no binding for it: nothing else uses it)
    private static final MemoryLayout TIMEVAL = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("tv_sec"), ValueLayout.JAVA_LONG.withName("tv_usec"));
    private static final long LINGER_ONOFF = LinuxStructs.offset(LinuxStructs.CURRENT.linger(), "l_onoff");
    private static final long LINGER_SECONDS = LinuxStructs.offset(LinuxStructs.CURRENT.linger(), "l_linger");

    /** An option in native form: the {@code getsockopt}/{@code setsockopt} level and name, and its value's layout. */
    record Native(int level, int name, MemoryLayout layout) {
    }

    private LinuxSocketOptions() {
    }

    static Set<SocketOption<?>> supported(boolean unix, boolean server) {
        if (unix) {
            return server ? UNIX_SERVER_OPTIONS : UNIX_OPTIONS;
        }
        return server ? VSOCK_SERVER_OPTIONS : VSOCK_OPTIONS;
    }

    /**
     * The level, name and value layout of {@code option}.
     *
     * @throws UnsupportedOperationException if the option is not one of this platform's
     */
    static Native nativeName(SocketOption<?> option) {
        if (option == StandardSocketOptions.SO_SNDBUF) {
            return new Native(SOL_SOCKET, LibC.SO_SNDBUF(), ValueLayout.JAVA_INT);
        }
        if (option == StandardSocketOptions.SO_RCVBUF) {
            return new Native(SOL_SOCKET, LibC.SO_RCVBUF(), ValueLayout.JAVA_INT);
        }
        if (option == StandardSocketOptions.SO_LINGER) {
            return new Native(SOL_SOCKET, LibC.SO_LINGER(), LinuxStructs.CURRENT.linger());
        }
        if (option == HvSocketOptions.CONNECT_TIMEOUT) {
            return new Native(SOL_VSOCK, LibC.SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD(), TIMEVAL);
        }
        if (option == HvSocketOptions.VSOCK_BUFFER_SIZE) {
            return new Native(SOL_VSOCK, LibC.SO_VM_SOCKETS_BUFFER_SIZE(), ValueLayout.JAVA_LONG);
        }
        if (option == HvSocketOptions.VSOCK_BUFFER_MIN_SIZE) {
            return new Native(SOL_VSOCK, LibC.SO_VM_SOCKETS_BUFFER_MIN_SIZE(), ValueLayout.JAVA_LONG);
        }
        if (option == HvSocketOptions.VSOCK_BUFFER_MAX_SIZE) {
            return new Native(SOL_VSOCK, LibC.SO_VM_SOCKETS_BUFFER_MAX_SIZE(), ValueLayout.JAVA_LONG);
        }
        throw new UnsupportedOperationException("'" + option + "' not supported");
    }

    /**
     * Writes {@code option} set to {@code value} in native form into {@code into}, allocated with the
     * {@link #nativeName} layout.
     *
     * @throws IllegalArgumentException if the value is out of range, naming the option and value
     */
    static void toNative(SocketOption<?> option, Object value, MemorySegment into) {
        if (option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) {
            int size = (Integer) value;
            if (size < 0) {
                throw new IllegalArgumentException("Invalid value for " + option + ": " + size + " (negative)");
            }
            into.set(ValueLayout.JAVA_INT, 0, size);
        } else if (option == StandardSocketOptions.SO_LINGER) {
            // negative: off, as for the JDK's sockets
            int seconds = (Integer) value;
            into.set(ValueLayout.JAVA_INT, LINGER_ONOFF, seconds >= 0 ? 1 : 0);
            into.set(ValueLayout.JAVA_INT, LINGER_SECONDS, Math.max(seconds, 0));
        } else if (option == HvSocketOptions.CONNECT_TIMEOUT) {
            int millis = (Integer) value;
            if (millis <= 0) {
                throw new IllegalArgumentException("Invalid value for " + option + ": " + millis
                        + " (want a positive number of milliseconds)");
            }
            into.set(ValueLayout.JAVA_LONG, 0, millis / 1000);
            into.set(ValueLayout.JAVA_LONG, 8, (millis % 1000) * 1000L);
        } else {
            long size = (Long) value;
            if (size < 0) {
                throw new IllegalArgumentException("Invalid value for " + option + ": " + size + " (negative)");
            }
            into.set(ValueLayout.JAVA_LONG, 0, size);
        }
    }

    /** The value of {@code option} from what {@code getsockopt} returned in {@code from}. */
    static Object fromNative(SocketOption<?> option, MemorySegment from) {
        if (option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) {
            return from.get(ValueLayout.JAVA_INT, 0);
        }
        if (option == StandardSocketOptions.SO_LINGER) {
            boolean on = from.get(ValueLayout.JAVA_INT, LINGER_ONOFF) != 0;
            return on ? from.get(ValueLayout.JAVA_INT, LINGER_SECONDS) : -1;
        }
        if (option == HvSocketOptions.CONNECT_TIMEOUT) {
            long millis = from.get(ValueLayout.JAVA_LONG, 0) * 1000 + from.get(ValueLayout.JAVA_LONG, 8) / 1000;
            return (int) Math.min(millis, Integer.MAX_VALUE);
        }
        return from.get(ValueLayout.JAVA_LONG, 0);
    }
}
