package dev.hvsock.internal.platform;

import java.io.Closeable;
import java.io.IOException;

/**
 * A set of handles polled together, each registered with interest events and a 64-bit token that
 * comes back with its readiness: {@code epoll} on Linux, a {@code WSAPoll} array on Windows (and
 * {@code poll(2)} on Linux, to test that path here).
 *
 * <p>Not thread-safe: one thread registers and polls; only {@link #wakeup()} may be called from others.
 * Registrations are level-triggered and stay until removed.
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
