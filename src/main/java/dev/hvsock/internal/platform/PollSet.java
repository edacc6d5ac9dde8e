package dev.hvsock.internal.platform;

import java.io.Closeable;
import java.io.IOException;

/**
 * A set of handles polled together, each registered with interest events and a 64-bit token that
 * comes back with its readiness: {@code epoll} on Linux, a {@code WSAPoll} array on Windows (and
 * {@code poll(2)} on Linux, to test that path here).
 *
 * <p>Not thread-safe: one thread registers and polls; only {@link #wakeup()} may be called from others
 * (and {@link #arm}/{@link #disarm}, where supported). Registrations are level-triggered and stay until
 * removed.
 */
public interface PollSet extends Closeable {
    /** Adds {@code handle}, absent until now, with interest {@code events} (never 0). */
    void add(long handle, int events, long token) throws IOException;

    /** Changes the interest of {@code handle}, present, to {@code events} (never 0). */
    void modify(long handle, int events, long token) throws IOException;

    /** Removes {@code handle}, present. */
    void remove(long handle) throws IOException;

    /**
     * Waits until a handle is ready, {@link #wakeup()} is called, or {@code timeoutMillis} passes
     * ({@code -1}: no limit, {@code 0}: don't wait).
     *
     * @return the number of ready entries, read with {@link #readyToken} and {@link #readyEvents};
     *         a wakeup consumes itself and is not counted (see {@link #woken()}).
     *         {@link IOStatus#INTERRUPTED} if a signal interrupted the wait.
     */
    int poll(long timeoutMillis) throws IOException;

    /** Whether the last {@link #poll} consumed a {@link #wakeup()}. */
    boolean woken();

    /** The token of ready entry {@code i} of the last {@link #poll}. */
    long readyToken(int i);

    /** The neutral {@link Events} of ready entry {@code i} of the last {@link #poll}. */
    int readyEvents(int i);

    /**
     * Whether any thread may {@link #arm} and {@link #disarm} handles at any time, even while another
     * thread is in {@link #poll}: a thread that waits for a handle then registers it itself, without
     * waking the polling thread (epoll can; a {@code WSAPoll} array cannot).
     */
    default boolean armsConcurrently() {
        return false;
    }

    /**
     * Arms {@code handle} to be reported once, under {@code token}, by a {@link #poll} that finds it with
     * one of {@code events}; after that report it stays in the set, disarmed, until armed again. Any
     * thread, only if {@link #armsConcurrently()}.
     */
    default void arm(long handle, int events, long token) throws IOException {
        throw new UnsupportedOperationException("this poll set is changed by its polling thread only");
    }

    /** Takes an armed {@code handle} out of the set again; any thread, only if {@link #armsConcurrently()}. */
    default void disarm(long handle) throws IOException {
        throw new UnsupportedOperationException("this poll set is changed by its polling thread only");
    }

    /** Makes a current or the next {@link #poll} return. Any thread; idempotent until that poll returns. */
    void wakeup() throws IOException;

    /**
     * A handle that becomes readable while entries are ready, so that a virtual thread can park on it
     * instead of blocking its carrier; {@code -1} if the platform has none.
     */
    long pollableHandle();

    @Override
    void close() throws IOException;
}
