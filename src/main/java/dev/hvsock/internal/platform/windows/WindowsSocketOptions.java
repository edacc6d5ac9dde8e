package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvSocketOptions;
import dev.hvsock.internal.ffi.windows.WinSockTypes;

import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The socket options of the Windows platform: which ones each family has, how a value is checked and
 * turned into its native form and back. Every option here is a 4-byte value: a {@code DWORD} for the
 * {@code HVSOCKET_*} options (level {@code HV_PROTOCOL_RAW}), an {@code int} for the buffer sizes, and
 * Windows' {@code struct linger}, two {@code u_short}s.
 *
 * <p>Reads only constants from the generated types, so it loads (and is tested) on any OS.
 */
final class WindowsSocketOptions {
    /**
     * The connect timeout every Hyper-V socket gets when it is opened, in milliseconds. Without it a connect
     * to a partition or service that does not answer hangs for Windows' own default, about 30 seconds.
     */
    public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    /** The system property that replaces {@link #DEFAULT_CONNECT_TIMEOUT_MILLIS} (1 to 300000). */
    public static final String CONNECT_TIMEOUT_PROPERTY = "dev.hvsock.hyperv.connectTimeoutMillis";
    /** {@code HVSOCKET_CONNECT_TIMEOUT_MAX}: the largest connect timeout Windows accepts. */
    public static final int MAX_CONNECT_TIMEOUT_MILLIS = WinSockTypes.HVSOCKET_CONNECT_TIMEOUT_MAX();
    /** The most seconds Windows' {@code struct linger} holds ({@code u_short}); the JDK clamps to it too. */
    public static final int MAX_LINGER_SECONDS = 0xFFFF;

    public static final Set<SocketOption<?>> UNIX_OPTIONS = Set.of(
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_LINGER);
    public static final Set<SocketOption<?>> UNIX_SERVER_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF);
    /** What every Hyper-V socket has: the options current {@code hvsocket.h} defines for all Windows versions. */
    public static final Set<SocketOption<?>> HYPERV_OPTIONS = Set.of(HvSocketOptions.CONNECT_TIMEOUT,
            HvSocketOptions.CONNECTED_SUSPEND);
    /** A listener's: what its accepted sockets are to have (see {@link #INHERITED_BY_ACCEPTED}). */
    public static final Set<SocketOption<?>> HYPERV_SERVER_OPTIONS = Set.of(HvSocketOptions.CONNECTED_SUSPEND);
    /**
     * The Hyper-V options only some Windows versions have, advertised where a probe finds that this one
     * accepts them ({@link HyperVOptionProbe}): {@code HVSOCKET_CONTAINER_PASSTHRU} (removed in Windows 11
     * 22H2, build 22621: Ookii.VmSockets' {@code HvSocket.cs}; gone from current {@code hvsocket.h}) and
     * {@code HVSOCKET_HIGH_VTL} (from build 22621). PASSTHRU belongs to listeners too; HIGH_VTL concerns a
     * connect only ("the socket will connect to guest VTL 2", {@code hvsocket.h}).
     */
    public static final List<SocketOption<Boolean>> HYPERV_OPTIONAL = List.of(HvSocketOptions.CONTAINER_PASSTHRU,
            HvSocketOptions.HIGH_VTL);

    /** Windows 10 1709: the first build with {@code HVSOCKET_CONTAINER_PASSTHRU} (Ookii.VmSockets' tests). */
    static final int BUILD_1709 = 16299;
    /** Windows 11 22H2: {@code HVSOCKET_CONTAINER_PASSTHRU} gone, {@code HVSOCKET_HIGH_VTL} there. */
    static final int BUILD_22H2 = 22621;

    /**
     * Whether Windows build {@code build} has the optional option {@code option}, as Ookii.VmSockets' tests
     * gate them (HvSocketTest.cs: {@code TestContainerPassthrough} needs at least 1709 and older than 22H2,
     * {@code TestHighVtl} 22H2 or later; its {@code HvSocket.cs} documents the same). Windows accepts
     * {@code setsockopt} for an option it does not implement (the probe alone shows acceptance, not that the
     * option works), so the build decides. An unknown build (0) has none.
     */
    static boolean onBuild(SocketOption<Boolean> option, int build) {
        if (option == HvSocketOptions.CONTAINER_PASSTHRU) {
            return build >= BUILD_1709 && build < BUILD_22H2;
        }
        if (option == HvSocketOptions.HIGH_VTL) {
            return build >= BUILD_22H2;
        }
        throw new IllegalArgumentException("not an optional Hyper-V option: " + option);
    }
    /**
     * The listener's settings an accepted Hyper-V socket is given explicitly: nothing documents whether
     * Windows copies them to an accepted socket, and Microsoft's WSL sets CONNECTED_SUSPEND on each
     * socket it accepts on ({@code hvsocket.cpp}).
     */
    public static final List<SocketOption<Boolean>> INHERITED_BY_ACCEPTED = List.of(HvSocketOptions.CONNECTED_SUSPEND);

    /** An option in native form: the {@code setsockopt} level and name, and the 4-byte value. */
    public record Native(int level, int name, int value) {
    }

    private WindowsSocketOptions() {
    }

    /**
     * The options of a socket: Unix or Hyper-V, listener ({@code server}) or not, on a Windows that accepts
     * {@code optionalAccepted} of the {@link #HYPERV_OPTIONAL} options.
     */
    public static Set<SocketOption<?>> supported(boolean unix, boolean server,
                                                 Set<SocketOption<Boolean>> optionalAccepted) {
        if (unix) {
            return server ? UNIX_SERVER_OPTIONS : UNIX_OPTIONS;
        }
        Set<SocketOption<?>> options = new HashSet<>(server ? HYPERV_SERVER_OPTIONS : HYPERV_OPTIONS);
        for (SocketOption<Boolean> optional : optionalAccepted) {
            if (!server || optional == HvSocketOptions.CONTAINER_PASSTHRU) {
                options.add(optional);
            }
        }
        return Set.copyOf(options);
    }

    /** The level and name of {@code option} for {@code getsockopt}/{@code setsockopt}. */
    public static Native nativeName(SocketOption<?> option) {
        return toNative(option, null);
    }

    /**
     * {@code option} set to {@code value} in native form ({@code value} may be null to ask for the name only).
     *
     * @throws IllegalArgumentException if the value is out of range, naming the option, value and range
     * @throws UnsupportedOperationException if the option is not one of this platform's
     */
    public static Native toNative(SocketOption<?> option, Object value) {
        int solSocket = WinSockTypes.SOL_SOCKET();
        int hvLevel = WinSockTypes.HV_PROTOCOL_RAW();
        if (option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) {
            int name = option == StandardSocketOptions.SO_SNDBUF ? WinSockTypes.SO_SNDBUF() : WinSockTypes.SO_RCVBUF();
            int size = value == null ? 0 : (Integer) value;
            if (size < 0) {
                throw new IllegalArgumentException("Invalid value for " + option + ": " + size + " (negative)");
            }
            return new Native(solSocket, name, size);
        }
        if (option == StandardSocketOptions.SO_LINGER) {
            int seconds = value == null ? -1 : (Integer) value;
            // negative: off, as for the JDK's sockets; above 65535: 65535, the most struct linger holds
            int onOff = seconds < 0 ? 0 : 1;
            int linger = seconds < 0 ? 0 : Math.min(seconds, MAX_LINGER_SECONDS);
            return new Native(solSocket, WinSockTypes.SO_LINGER(), onOff | (linger << 16));
        }
        if (option == HvSocketOptions.CONNECT_TIMEOUT) {
            int millis = value == null ? 1 : (Integer) value;
            checkConnectTimeout(millis, "Invalid value for " + option);
            return new Native(hvLevel, WinSockTypes.HVSOCKET_CONNECT_TIMEOUT(), millis);
        }
        if (option == HvSocketOptions.CONTAINER_PASSTHRU) {
            return new Native(hvLevel, WinSockTypes.HVSOCKET_CONTAINER_PASSTHRU(), flag(value));
        }
        if (option == HvSocketOptions.CONNECTED_SUSPEND) {
            return new Native(hvLevel, WinSockTypes.HVSOCKET_CONNECTED_SUSPEND(), flag(value));
        }
        if (option == HvSocketOptions.HIGH_VTL) {
            return new Native(hvLevel, WinSockTypes.HVSOCKET_HIGH_VTL(), flag(value));
        }
        throw new UnsupportedOperationException("'" + option + "' not supported");
    }

    private static int flag(Object value) {
        return Boolean.TRUE.equals(value) ? 1 : 0;
    }

    /** The value of {@code option} from the 4 bytes {@code getsockopt} returned. */
    public static Object fromNative(SocketOption<?> option, int raw) {
        if (option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF
                || option == HvSocketOptions.CONNECT_TIMEOUT) {
            return raw;
        }
        if (option == StandardSocketOptions.SO_LINGER) {
            boolean on = (raw & 0xFFFF) != 0;
            return on ? raw >>> 16 : -1;
        }
        if (option == HvSocketOptions.CONTAINER_PASSTHRU || option == HvSocketOptions.CONNECTED_SUSPEND
                || option == HvSocketOptions.HIGH_VTL) {
            return raw != 0;
        }
        throw new UnsupportedOperationException("'" + option + "' not supported");
    }

    private static void checkConnectTimeout(int millis, String what) {
        if (millis < 1 || millis > MAX_CONNECT_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException(what + ": " + millis + " (want 1 to " + MAX_CONNECT_TIMEOUT_MILLIS
                    + " milliseconds, HVSOCKET_CONNECT_TIMEOUT_MAX)");
        }
    }

    /**
     * The connect timeout new Hyper-V sockets get, as the {@link #CONNECT_TIMEOUT_PROPERTY} system property
     * sets it, or why the property cannot be used. Read once, when the platform starts; a bad value fails
     * every Hyper-V socket that is opened, with the reason, as the JDK's channels report a bad
     * {@code jdk.net.unixdomain.tmpdir} when they bind, and leaves the rest of the platform working.
     *
     * @param millis the timeout, if {@code problem} is null
     * @param problem why the property's value cannot be used, or null
     */
    public record DefaultConnectTimeout(int millis, String problem) {
        /** The default for the property's value {@code propertyValue} (null: unset). */
        public static DefaultConnectTimeout of(String propertyValue) {
            try {
                return new DefaultConnectTimeout(defaultConnectTimeoutMillis(propertyValue), null);
            } catch (IllegalArgumentException e) {
                return new DefaultConnectTimeout(0, e.getMessage());
            }
        }

        /**
         * The timeout in milliseconds.
         *
         * @throws SocketException naming the property and its value, if they cannot be used
         */
        public int millisOrThrow() throws SocketException {
            if (problem != null) {
                throw new SocketException("cannot open a Hyper-V socket: " + problem);
            }
            return millis;
        }
    }

    /**
     * The connect timeout new Hyper-V sockets get: {@link #DEFAULT_CONNECT_TIMEOUT_MILLIS}, or
     * {@code propertyValue} (the {@link #CONNECT_TIMEOUT_PROPERTY} system property) if set.
     *
     * @throws IllegalArgumentException if the property is set to anything but 1 to 300000
     */
    public static int defaultConnectTimeoutMillis(String propertyValue) {
        if (propertyValue == null) {
            return DEFAULT_CONNECT_TIMEOUT_MILLIS;
        }
        int millis;
        try {
            millis = Integer.parseInt(propertyValue.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + CONNECT_TIMEOUT_PROPERTY + "=\"" + propertyValue
                    + "\" is not a number of milliseconds (want 1 to " + MAX_CONNECT_TIMEOUT_MILLIS + ")", e);
        }
        checkConnectTimeout(millis, "system property " + CONNECT_TIMEOUT_PROPERTY);
        return millis;
    }
}
