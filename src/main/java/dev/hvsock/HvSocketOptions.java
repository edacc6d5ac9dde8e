package dev.hvsock;

import java.net.SocketOption;

/**
 * Socket options of Hyper-V and vsock sockets, beside the standard {@code SO_RCVBUF}, {@code SO_SNDBUF}
 * and {@code SO_LINGER} where the family has them. A channel lists what its family supports here in
 * {@link java.nio.channels.NetworkChannel#supportedOptions()}; the others are rejected with
 * {@link UnsupportedOperationException} naming the option and family.
 *
 * <p>An option's {@link SocketOption#name() name} is its field's name, as for
 * {@code jdk.net.ExtendedSocketOptions}.
 */
public final class HvSocketOptions {
    private HvSocketOptions() {
    }

    private record Option<T>(String name, Class<T> type) implements SocketOption<T> {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * How long a connect may take, in milliseconds. Hyper-V ({@code HVSOCKET_CONNECT_TIMEOUT}, at most
     * {@link #CONNECT_TIMEOUT_MAX_MILLIS}; Windows' own default is far longer, see docs/windows.md) and
     * vsock ({@code SO_VM_SOCKETS_CONNECT_TIMEOUT}; the kernel's default is 2 s).
     */
    public static final SocketOption<Integer> CONNECT_TIMEOUT = new Option<>("CONNECT_TIMEOUT", Integer.class);

    /** The largest {@link #CONNECT_TIMEOUT} Hyper-V accepts ({@code HVSOCKET_CONNECT_TIMEOUT_MAX}). */
    public static final int CONNECT_TIMEOUT_MAX_MILLIS = 300_000;

    /**
     * Hyper-V only ({@code HVSOCKET_CONTAINER_PASSTHRU}, 2): let a socket in a Windows container pass
     * through to the container's host partition. Windows 10 1607 to Windows 11 21H2: it was removed in
     * Windows 11 22H2 (build 22621), and current {@code hvsocket.h} no longer defines it, so a channel lists
     * it in {@code supportedOptions()} only where this Windows accepts it (tried once per process).
     */
    public static final SocketOption<Boolean> CONTAINER_PASSTHRU =
            new Option<>("CONTAINER_PASSTHRU", Boolean.class);

    /**
     * Hyper-V only ({@code HVSOCKET_CONNECTED_SUSPEND}): keep the connection when the VM is suspended
     * rather than resetting it.
     */
    public static final SocketOption<Boolean> CONNECTED_SUSPEND =
            new Option<>("CONNECTED_SUSPEND", Boolean.class);

    /**
     * Hyper-V only ({@code HVSOCKET_HIGH_VTL}, 8): set on a host's socket before it connects, the connection
     * goes to the guest's VTL 2 (its management, or "high", virtual trust level) instead of the guest OS.
     * Windows 11 22H2 (build 22621) and later; a channel lists it in {@code supportedOptions()} only where
     * this Windows accepts it (tried once per process).
     */
    public static final SocketOption<Boolean> HIGH_VTL = new Option<>("HIGH_VTL", Boolean.class);

    /** vsock only ({@code SO_VM_SOCKETS_BUFFER_SIZE}): the stream buffer size, in bytes. */
    public static final SocketOption<Long> VSOCK_BUFFER_SIZE = new Option<>("VSOCK_BUFFER_SIZE", Long.class);

    /** vsock only ({@code SO_VM_SOCKETS_BUFFER_MIN_SIZE}): the least the buffer size may be set to. */
    public static final SocketOption<Long> VSOCK_BUFFER_MIN_SIZE = new Option<>("VSOCK_BUFFER_MIN_SIZE", Long.class);

    /** vsock only ({@code SO_VM_SOCKETS_BUFFER_MAX_SIZE}): the most the buffer size may be set to. */
    public static final SocketOption<Long> VSOCK_BUFFER_MAX_SIZE = new Option<>("VSOCK_BUFFER_MAX_SIZE", Long.class);
}
