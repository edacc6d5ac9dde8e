package dev.hvsock.internal.platform;

import java.io.Closeable;
import java.io.IOException;

/**
 * A handle that a poll set (and, on Linux, a waiting thread) polls beside its sockets so that another thread
 * can end the wait: an {@code eventfd} on Linux, a connected socket pair on Windows.
 */
public interface Wakeup extends Closeable {
    /** The handle to poll for {@link Events#IN}. */
    long handle();

    /** Makes {@link #handle()} readable until {@link #drain()}. Safe from any thread, at any time before close. */
    void signal() throws IOException;

    /** Makes {@link #handle()} unreadable again. */
    void drain() throws IOException;

    @Override
    void close() throws IOException;
}
