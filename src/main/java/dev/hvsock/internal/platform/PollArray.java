package dev.hvsock.internal.platform;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * An OS call that polls an array of entries ({@code pollfd}s for {@code poll(2)}, {@code WSAPOLLFD}s for
 * {@code WSAPoll}), and the codec of its entries: what an {@link ArrayPollSet} needs of the OS. One instance
 * serves one set, and is called by one thread at a time (it may keep call state of its own).
 */
public interface PollArray {
    /** The bytes of one entry. */
    long entrySize();

    /** Writes entry {@code i} of {@code array}: {@code handle} polled for the neutral {@code events}. */
    void setEntry(MemorySegment array, int i, long handle, int events);

    /** The neutral {@link Events} the OS reported for entry {@code i} of {@code array}. */
    int readyEventsOf(MemorySegment array, int i);

    /** Polls the first {@code count} entries: the number ready, or {@link IOStatus#INTERRUPTED}. */
    int poll(MemorySegment array, int count, int timeoutMillis) throws IOException;
}
