package dev.hvsock.internal.channel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Native memory for a platform thread's heap-buffer reads and writes that wait inside the kernel: such
 * a call cannot be critical, so it cannot take heap memory, and the bytes pass through here, as the
 * JDK's channels pass them through a cached direct buffer. One buffer per thread, grown on demand up to
 * a bound; a longer transfer is a short read, or a write in several calls.
 */
final class BounceBuffers {
    private static final int MIN_CAPACITY = 8 * 1024;
    private static final int MAX_CAPACITY = 256 * 1024;
    private static final ThreadLocal<MemorySegment> BUFFER = new ThreadLocal<>();

    private BounceBuffers() {
    }

    /** The current thread's buffer, of at least {@code wanted} bytes unless that exceeds the bound. */
    static MemorySegment get(int wanted) {
        MemorySegment b = BUFFER.get();
        if (b == null || (b.byteSize() < wanted && b.byteSize() < MAX_CAPACITY)) {
            long size = Math.min(MAX_CAPACITY, Math.max(MIN_CAPACITY, Integer.highestOneBit(wanted - 1) << 1));
            // freed by the GC once the thread (and so its thread-local) is gone
            b = Arena.ofAuto().allocate(size, 64);
            BUFFER.set(b);
        }
        return b;
    }
}
