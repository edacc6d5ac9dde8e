package dev.hvsock.internal.platform.windows;

import java.io.IOException;
import java.net.SocketOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listeners' settings that their accepted Hyper-V sockets are to have
 * ({@link WindowsSocketOptions#INHERITED_BY_ACCEPTED}: {@code HVSOCKET_CONNECTED_SUSPEND}), remembered in Java
 * when they are set, and given to each accepted socket on a best-effort basis.
 *
 * <p>Nothing documents that Windows copies {@code CONNECTED_SUSPEND} to an accepted socket, nor that
 * {@code getsockopt} on a listener or {@code setsockopt} on a connected socket is allowed for it
 * ({@code hvsocket.h} documents the option, not where it applies; Microsoft's WSL sets it on its listeners).
 * So accepting never asks the listener (its setting is remembered here), and a Windows that refuses the
 * option on the accepted socket costs that socket the option, not the connection: the failure is logged at
 * {@code DEBUG} and the accept goes on.
 *
 * <p>Thread-safe. Touches no native code itself (the setter is passed in), so it is tested on any OS.
 */
final class ListenerOptions {
    private static final System.Logger LOG = System.getLogger(ListenerOptions.class.getName());

    /** Sets a boolean option on a socket. */
    @FunctionalInterface
    interface Setter {
        void set(long handle, SocketOption<Boolean> option, boolean value) throws IOException;
    }

    /** Per inherited option, the handles it was set to true on. */
    private final ConcurrentHashMap<SocketOption<?>, Set<Long>> enabled = new ConcurrentHashMap<>();

    /** {@code option} was set to {@code value} on {@code handle}: remembers it if accepted sockets inherit it. */
    void set(long handle, SocketOption<?> option, Object value) {
        if (!WindowsSocketOptions.INHERITED_BY_ACCEPTED.contains(option)) {
            return;
        }
        Set<Long> handles = enabled.computeIfAbsent(option, o -> ConcurrentHashMap.newKeySet());
        if (Boolean.TRUE.equals(value)) {
            handles.add(handle);
        } else {
            handles.remove(handle);
        }
    }

    /** {@code handle} is closed: forgets its settings (a new socket may get the same handle). */
    void forget(long handle) {
        for (Set<Long> handles : enabled.values()) {
            handles.remove(handle);
        }
    }

    /** Gives {@code accepted} what its {@code listener} has; a refusal is logged, never thrown. */
    void applyTo(long listener, long accepted, Setter setter) {
        for (SocketOption<Boolean> option : WindowsSocketOptions.INHERITED_BY_ACCEPTED) {
            Set<Long> handles = enabled.get(option);
            if (handles == null || !handles.contains(listener)) {
                continue;
            }
            try {
                setter.set(accepted, option, true);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.log(System.Logger.Level.DEBUG, "accepted socket {0} goes without {1} of its listener {2}: {3}",
                        accepted, option, listener, e.toString());
            }
        }
    }
}
