package dev.hvsock.internal.platform.windows;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Finds out, once per process, which of the {@link WindowsSocketOptions#HYPERV_OPTIONAL} Hyper-V options
 * this Windows has. First the build decides ({@link WindowsSocketOptions#onBuild}: Ookii.VmSockets marks
 * {@code HVSOCKET_CONTAINER_PASSTHRU} unsupported from build 22621 and {@code HVSOCKET_HIGH_VTL} supported
 * from then on), because Windows may accept an option it does not implement; then each option the build has
 * is set to true and to false on a fresh, unconnected socket and read back each time, and taken if its calls
 * all succeed and read back what was set. So an option is advertised exactly where it works, and the
 * conformance suite's option contract holds on each version. Without Hyper-V sockets no option is taken.
 *
 * <p>Thread-safe. Touches no native code itself (the socket is passed in), so it is tested on any OS.
 */
final class HyperVOptionProbe {
    private static final System.Logger LOG = System.getLogger(HyperVOptionProbe.class.getName());

    /** A fresh socket to try options on. */
    interface Socket extends Closeable {
        void set(SocketOption<Boolean> option, boolean value) throws IOException;

        boolean get(SocketOption<Boolean> option) throws IOException;
    }

    /** Opens the socket to try options on. */
    @FunctionalInterface
    interface Opener {
        Socket open() throws IOException;
    }

    private final Opener opener;
    private final IntSupplier build;
    private volatile Set<SocketOption<Boolean>> accepted;

    /**
     * @param opener opens the socket to try options on
     * @param build the Windows build number, 0 if unknown (then no optional option is taken)
     */
    HyperVOptionProbe(Opener opener, IntSupplier build) {
        this.opener = opener;
        this.build = build;
    }

    /** The optional options this Windows accepts, found out on the first call. */
    Set<SocketOption<Boolean>> accepted() {
        Set<SocketOption<Boolean>> a = accepted;
        if (a == null) {
            synchronized (this) {
                a = accepted;
                if (a == null) {
                    accepted = a = probe();
                }
            }
        }
        return a;
    }

    private Set<SocketOption<Boolean>> probe() {
        int windowsBuild = build.getAsInt();
        List<SocketOption<Boolean>> candidates = WindowsSocketOptions.HYPERV_OPTIONAL.stream()
                .filter(option -> WindowsSocketOptions.onBuild(option, windowsBuild)).toList();
        if (candidates.isEmpty()) {
            return Set.of();
        }
        Set<SocketOption<Boolean>> found = new HashSet<>();
        try (Socket socket = opener.open()) {
            for (SocketOption<Boolean> option : candidates) {
                if (works(socket, option)) {
                    found.add(option);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, "no Hyper-V socket to try the optional options on", e);
        }
        return Set.copyOf(found);
    }

    private static boolean works(Socket socket, SocketOption<Boolean> option) {
        try {
            for (boolean value : new boolean[]{true, false}) {
                socket.set(option, value);
                if (socket.get(option) != value) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "this Windows has no Hyper-V socket option " + option, e);
            return false;
        }
    }
}
