package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.IOStatus;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The non-blocking connects in progress, and the workaround for {@code WSAPoll} not reporting their
 * failure.
 *
 * <p>Before Windows 10 2004, {@code WSAPoll} never reports a non-blocking connect that fails: no
 * {@code POLLERR}, {@code POLLHUP} or {@code POLLWRNORM}, the socket just stays silent. So while any connect is
 * pending, polls wait in slices of at most {@link #CHECK_MILLIS} ({@link #sliced}), and after each slice every
 * connecting socket that asked for {@code POLLWRNORM} and got nothing is asked for its {@code SO_ERROR}
 * ({@link #markFailed}); a failed one is reported as {@code POLLHUP | POLLERR | POLLWRNORM}, which is what
 * Windows 10 2004 and later report themselves. The error is kept, because reading {@code SO_ERROR} may
 * clear it, until {@link #finish} hands it to {@code finishConnect}.
 *
 * <p>Thread-safe. Touches no native code itself (the {@code SO_ERROR} query is passed in), so it is tested on
 * any OS.
 */
final class PendingConnects {
    /** The longest a poll waits, while a connect is pending, before looking at {@code SO_ERROR} again. */
    public static final int CHECK_MILLIS = 100;

    /** Reads a socket's {@code SO_ERROR}: 0, or the error (if even that fails, the query's own error). */
    @FunctionalInterface
    public interface SoError {
        int of(long handle);
    }

    /** {@code getpeername}'s verdict on a socket: 0 if it has a peer (is connected), else the error. */
    @FunctionalInterface
    public interface PeerName {
        int errorOf(long handle);
    }

    /**
     * One {@code WSAPoll} with the given timeout: the count of entries with events, or
     * {@link IOStatus#INTERRUPTED}.
     */
    @FunctionalInterface
    public interface Poll {
        int poll(int timeoutMillis) throws IOException;
    }

    /** Handle to 0 while the connect is in progress, or to the error it failed with once that is known. */
    private final ConcurrentHashMap<Long, Integer> pending = new ConcurrentHashMap<>();
    private final SoError soError;
    private final PeerName peerName;
    private final LongSupplier nanoClock;

    public PendingConnects(SoError soError, PeerName peerName) {
        this(soError, peerName, System::nanoTime);
    }

    public PendingConnects(SoError soError, PeerName peerName, LongSupplier nanoClock) {
        this.soError = soError;
        this.peerName = peerName;
        this.nanoClock = nanoClock;
    }

    /** {@code handle}'s connect is in progress. */
    public void started(long handle) {
        pending.putIfAbsent(handle, 0);
    }

    /** {@code handle} is closed: forget its connect, if any. */
    public void forget(long handle) {
        pending.remove(handle);
    }

    /** Whether any connect is in progress. */
    public boolean any() {
        return !pending.isEmpty();
    }

    /** Whether {@code handle}'s connect is in progress (cheap while none is). */
    public boolean isPending(long handle) {
        return !pending.isEmpty() && pending.containsKey(handle);
    }

    /**
     * Ends tracking {@code handle}'s connect, which has completed or failed: the error it failed with (as a
     * poll recorded it, or {@code SO_ERROR} now), or 0 if it succeeded.
     *
     * <p>{@code SO_ERROR} 0 is no proof of a connection: the socket may have become ready with
     * {@code POLLERR} and no error left to read. So a connect counts as made only if {@code getpeername}
     * finds a peer; else it failed with {@code getpeername}'s error ({@code WSAENOTCONN}). The JDK's Windows
     * {@code Net.pollConnect} likewise takes a socket that {@code select} reports in error with
     * {@code SO_ERROR} 0 as not connected, and its Unix one throws {@code ENOTCONN} for {@code POLLHUP}
     * with {@code SO_ERROR} 0.
     *
     * <p>Reading {@code SO_ERROR} may clear it, and a poll thread may be reading it in {@link #errorNow} at
     * this very moment: so the read and its record happen under the entry's lock ({@code compute}), here and
     * there, and whichever comes second sees what the first one read.
     */
    public int finish(long handle) {
        int[] error = new int[1];
        pending.compute(handle, (h, recorded) -> {
            error[0] = recorded != null && recorded != 0 ? recorded : soError.of(h);
            return null;
        });
        return error[0] != 0 ? error[0] : peerName.errorOf(handle);
    }

    /** The error {@code handle}'s pending connect failed with, if it has by now (recorded); else 0. */
    public int errorNow(long handle) {
        // read and recorded under the entry's lock: see finish
        Integer error = pending.computeIfPresent(handle, (h, recorded) -> recorded != 0 ? recorded : soError.of(h));
        return error == null ? 0 : error;
    }

    /**
     * For entries {@code from} to {@code count - 1} of a {@code WSAPOLLFD} array: marks every connecting socket
     * that asked for {@code POLLWRNORM}, got nothing, and whose connect has failed, with
     * {@code POLLHUP | POLLERR | POLLWRNORM}.
     *
     * @return how many entries it marked
     */
    public int markFailed(MemorySegment array, int from, int count) {
        int marked = 0;
        for (int i = from; i < count; i++) {
            if ((WsaPollEvents.interestOf(array, i) & WsaPollEvents.POLLWRNORM) == 0
                    || WsaPollEvents.reventsOf(array, i) != 0) {
                continue;
            }
            long handle = WsaPollEvents.handleOf(array, i);
            if (isPending(handle) && errorNow(handle) != 0) {
                WsaPollEvents.setRevents(array, i, WsaPollEvents.failedConnectRevents());
                marked++;
            }
        }
        return marked;
    }

    /**
     * Polls for at most {@code timeoutMillis} ({@code -1}: no limit, {@code 0}: no wait). While
     * {@code watching} says so, it polls in slices of at most {@link #CHECK_MILLIS} and after each slice adds
     * what {@code afterSlice} reports (the entries it marked, see {@link #markFailed}); otherwise in slices of
     * at most {@code idleSliceMillis} ({@code -1}: unsliced), after each of which it asks {@code watching}
     * again. It returns as soon as the total is positive, or when the time is up.
     *
     * <p>The idle slices are for a poll that began before any connect did: a selector blocked in
     * {@code select()} when a connect starts on a channel registered with it would otherwise never look.
     *
     * @return the number of entries with events, or {@link IOStatus#INTERRUPTED}
     */
    public int sliced(Poll poll, int timeoutMillis, BooleanSupplier watching, IntSupplier afterSlice,
                      int idleSliceMillis) throws IOException {
        long deadline = timeoutMillis > 0 ? nanoClock.getAsLong() + timeoutMillis * 1_000_000L : 0;
        int remaining = timeoutMillis;
        while (true) {
            boolean watch = watching.getAsBoolean();
            int cap = watch ? CHECK_MILLIS : idleSliceMillis;
            int slice = cap >= 0 && (remaining < 0 || remaining > cap) ? cap : remaining;
            int n = poll.poll(slice);
            if (n == IOStatus.INTERRUPTED) {
                return n;
            }
            if (watch) {
                n += afterSlice.getAsInt();
            }
            if (n > 0 || slice == remaining) {
                return n;
            }
            if (remaining > 0) {
                long left = deadline - nanoClock.getAsLong();
                if (left <= 0) {
                    return 0;
                }
                remaining = (int) Math.max(1, (left + 999_999) / 1_000_000);
            }
        }
    }
}
