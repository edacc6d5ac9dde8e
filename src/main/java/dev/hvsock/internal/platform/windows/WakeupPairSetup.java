package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.UnixPaths;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How the connected pair of sockets behind a Windows wakeup is made: the way the JDK's Windows
 * {@code PipeImpl} makes its selector's wakeup pipe. {@code WSAPoll} waits on sockets only, so a wakeup is a
 * socket that another thread makes readable by writing to its peer.
 *
 * <p>Where: an {@code AF_UNIX} listener on a random name in the directory the JDK's Windows channels use for
 * their own (the system property {@code jdk.net.unixdomain.tmpdir}, else {@code %TEMP%}, else
 * {@code java.io.tmpdir}: {@code sun.nio.ch.UnixDomainSocketsUtil} on Windows), a few names in turn, each
 * checked to fit {@code sun_path}; and if none of them works (no {@code AF_UNIX} before Windows 10 1803, a
 * directory whose path is too long, a file system that refuses), a loopback TCP listener on 127.0.0.1 and a
 * port the system picks, as {@code PipeImpl} falls back to when its {@code AF_UNIX} bind fails.
 *
 * <p>How: one client connects and sends a random 16-byte secret; the listener accepts until a connection
 * reads back exactly that secret, so that a connection some other local process slipped in between is
 * dropped ({@code PipeImpl.LoopbackConnector}, {@code NUM_SECRET_BYTES = 16}); then the listener is closed
 * and its file deleted. On loopback TCP, where any local process can connect, a connection whose peer is
 * not our client's own address is dropped before anything is read from it, and the secret is read with a
 * short timeout ({@link #SECRET_TIMEOUT_MILLIS}): a stranger that connects and stays silent costs that
 * much, not the setup's whole time. A TCP sink gets {@code TCP_NODELAY}, as the JDK's non-buffering pipe's
 * does.
 *
 * <p>Touches no native code itself (the sockets are passed in), so it is tested on any OS.
 */
final class WakeupPairSetup {
    static final int SECRET_BYTES = 16;
    /** How many random {@code AF_UNIX} names are tried before loopback TCP. */
    static final int UNIX_NAMES = 3;
    /** How many connections are accepted, at most, looking for the one that knows the secret. */
    static final int MAX_ACCEPTS = 8;
    /**
     * How long the secret may take to arrive on an accepted connection: our client sent it before the accept,
     * over loopback, so it is there at once; only a stranger's silent connection waits this long.
     */
    static final long SECRET_TIMEOUT_MILLIS = 1000;
    /** Where the loopback TCP listener binds: 127.0.0.1 (IPv4 whatever the JDK prefers), a port the system picks. */
    static final InetSocketAddress LOOPBACK_TCP = new InetSocketAddress(ipv4Loopback(), 0);

    /** The socket calls the setup makes, each waiting as needed (with a bound), on handles of the platform. */
    interface Sockets {
        /**
         * A listener bound to {@code address} (a Unix path, or {@link #LOOPBACK_TCP}) and listening; if it
         * fails after the bind, it closes the socket and removes the file the bind created.
         */
        long listen(SocketAddress address) throws IOException;

        /** Where a client reaches {@code listener}, bound to {@code bound} (for TCP: the port the system chose). */
        SocketAddress connectAddress(long listener, SocketAddress bound) throws IOException;

        /** A new socket connected to {@code address}. */
        long connect(SocketAddress address) throws IOException;

        /** The next connection to {@code listener}; its peer's address goes to {@code peer[0]}. */
        long accept(long listener, SocketAddress[] peer) throws IOException;

        /** The local address of {@code socket} (of a connected TCP socket: 127.0.0.1 and its port). */
        SocketAddress localAddress(long socket) throws IOException;

        /** Writes all of {@code bytes}. */
        void write(long socket, byte[] bytes) throws IOException;

        /**
         * Reads exactly {@code bytes.length} bytes within {@code timeoutMillis}; an end of stream or the time
         * running out before that is an IOException.
         */
        void read(long socket, byte[] bytes, long timeoutMillis) throws IOException;

        /** Sets {@code TCP_NODELAY} on a TCP socket. */
        void noDelay(long socket) throws IOException;

        /** Closes {@code socket}; never fails. */
        void close(long socket);
    }

    /**
     * A connected pair: {@code source} is polled, {@code sink} written to.
     *
     * @param where the address the pair was made on (the Unix path is gone by now)
     */
    record Pair(long source, long sink, SocketAddress where) {
    }

    private WakeupPairSetup() {
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[]{127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of four bytes is an IPv4 address", e);
        }
    }

    /**
     * The directory for the {@code AF_UNIX} listener, in the JDK's Windows order: {@code property}
     * ({@code jdk.net.unixdomain.tmpdir}), {@code temp} ({@code %TEMP%}), {@code javaTmpDir}; an unset or
     * empty one is passed over. Null if all are.
     */
    static String directory(String property, String temp, String javaTmpDir) {
        for (String dir : new String[]{property, temp, javaTmpDir}) {
            if (dir != null && !dir.isEmpty()) {
                return dir;
            }
        }
        return null;
    }

    /**
     * The addresses to try, in order: {@link #UNIX_NAMES} random names in {@code dir} whose paths fit
     * {@code sun_path} ({@code paths}), then {@link #LOOPBACK_TCP}.
     */
    static List<SocketAddress> candidates(String dir, UnixPaths paths, RandomGenerator random) {
        List<SocketAddress> candidates = new ArrayList<>();
        if (dir != null) {
            for (int i = 0; i < UNIX_NAMES; i++) {
                String name = "hvsock-" + Integer.toHexString(random.nextInt());
                try {
                    candidates.add(paths.check(UnixDomainSocketAddress.of(Path.of(dir, name))));
                } catch (IllegalArgumentException tooLongOrNoPath) { // InvalidPathException is one too
                    break; // the directory's path leaves no room for a name, or is no path: TCP it is
                }
            }
        }
        candidates.add(LOOPBACK_TCP);
        return candidates;
    }

    /**
     * Makes the pair on the first of {@code candidates} where it works.
     *
     * @throws IOException if it works on none of them, with each attempt's failure
     */
    static Pair connect(Sockets sockets, List<SocketAddress> candidates, SecureRandom random) throws IOException {
        IOException failures = null;
        for (SocketAddress candidate : candidates) {
            try {
                return connectOn(sockets, candidate, random);
            } catch (IOException e) {
                IOException failure = new IOException("on " + candidate + ": " + e.getMessage(), e);
                if (failures == null) {
                    failures = new IOException("cannot make a wakeup socket pair; tried " + candidates);
                }
                failures.addSuppressed(failure);
            }
        }
        throw failures != null ? failures : new IOException("cannot make a wakeup socket pair: nothing to try");
    }

    private static Pair connectOn(Sockets sockets, SocketAddress address, SecureRandom random) throws IOException {
        long listener = sockets.listen(address);
        long sink = -1;
        long source = -1;
        try {
            sink = sockets.connect(sockets.connectAddress(listener, address));
            // on TCP, where our connection comes from: 127.0.0.1 and the port the system gave the sink
            SocketAddress sinkAddress = address instanceof InetSocketAddress ? sockets.localAddress(sink) : null;
            byte[] secret = new byte[SECRET_BYTES];
            random.nextBytes(secret);
            sockets.write(sink, secret);
            byte[] received = new byte[SECRET_BYTES];
            SocketAddress[] peer = new SocketAddress[1];
            for (int accepted = 0; accepted < MAX_ACCEPTS && source < 0; accepted++) {
                peer[0] = null;
                long candidate = sockets.accept(listener, peer);
                boolean ours = sinkAddress == null || sinkAddress.equals(peer[0]);
                if (ours) {
                    try {
                        Arrays.fill(received, (byte) 0);
                        sockets.read(candidate, received, SECRET_TIMEOUT_MILLIS);
                        ours = Arrays.equals(secret, received);
                    } catch (IOException someoneElse) {
                        ours = false;
                    }
                }
                if (ours) {
                    source = candidate;
                } else {
                    sockets.close(candidate);
                }
            }
            if (source < 0) {
                throw new IOException(MAX_ACCEPTS + " connections arrived, none of them ours: something else is "
                        + "connecting to the listener");
            }
            if (address instanceof InetSocketAddress) {
                sockets.noDelay(sink);
            }
            Pair pair = new Pair(source, sink, address);
            source = sink = -1;
            return pair;
        } finally {
            if (source >= 0) {
                sockets.close(source);
            }
            if (sink >= 0) {
                sockets.close(sink);
            }
            sockets.close(listener);
            if (address instanceof UnixDomainSocketAddress unix) {
                try {
                    Files.deleteIfExists(unix.getPath());
                } catch (IOException ignored) {
                    // a stale socket file in the temporary directory harms nobody: its name is random
                }
            }
        }
    }
}
