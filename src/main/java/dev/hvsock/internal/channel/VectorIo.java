package dev.hvsock.internal.channel;

import dev.hvsock.internal.platform.NativePlatform;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Scattering and gathering I/O: lays a {@link ByteBuffer} array out as a native vector for one
 * {@code readv}/{@code writev}, then moves the buffers' positions by what the call transferred.
 *
 * <p>Direct buffers go into the vector as they are. Heap buffers cannot (the kernel needs addresses
 * that stay put), so they pass through one native bounce area, reused from call to call; a vectored
 * call may therefore move fewer bytes than the buffers hold, which the channel contract allows.
 */
final class VectorIo {
    private static final int BOUNCE_CAPACITY = 256 * 1024;

    private final NativePlatform platform;
    private final int maxEntries;
    private final MemorySegment vector;
    private final int[] bufferIndex;
    private final int[] entryLength;
    private final int[] bounceOffset;
    private MemorySegment bounce;
    private int entries;

    VectorIo(NativePlatform platform) {
        this.platform = platform;
        this.maxEntries = platform.sockets().maxVectorEntries();
        this.vector = Arena.ofAuto().allocate(platform.sockets().vectorEntrySize() * maxEntries, 8);
        this.bufferIndex = new int[maxEntries];
        this.entryLength = new int[maxEntries];
        this.bounceOffset = new int[maxEntries];
    }

    MemorySegment vector() {
        return vector;
    }

    /**
     * Fills the vector from {@code buffers[offset .. offset+length)}, copying heap buffers' contents into
     * the bounce area for a gathering write.
     *
     * @return the number of entries, 0 if the buffers have nothing to transfer
     */
    int prepare(ByteBuffer[] buffers, int offset, int length, Direction direction) {
        entries = 0;
        int bounceUsed = 0;
        for (int i = offset; i < offset + length && entries < maxEntries; i++) {
            ByteBuffer b = buffers[i];
            int pos = b.position();
            int rem = b.limit() - pos;
            if (rem == 0) {
                continue;
            }
            long address;
            if (b.isDirect()) {
                address = MemorySegment.ofBuffer(b).address();
                bounceOffset[entries] = -1;
            } else {
                int room = BOUNCE_CAPACITY - bounceUsed;
                if (room == 0) {
                    break;
                }
                rem = Math.min(rem, room);
                MemorySegment area = bounceArea();
                if (direction == Direction.WRITE) {
                    MemorySegment.copy(MemorySegment.ofBuffer(b), 0, area, bounceUsed, rem);
                }
                address = area.address() + bounceUsed;
                bounceOffset[entries] = bounceUsed;
                bounceUsed += rem;
            }
            platform.sockets().setVectorEntry(vector, entries, address, rem);
            bufferIndex[entries] = i;
            entryLength[entries] = rem;
            entries++;
        }
        return entries;
    }

    /**
     * Advances the buffers by the {@code transferred} bytes of the last call, copying bounced bytes into
     * heap buffers after a scattering read.
     */
    void complete(ByteBuffer[] buffers, long transferred, Direction direction) {
        long left = transferred;
        for (int e = 0; e < entries && left > 0; e++) {
            ByteBuffer b = buffers[bufferIndex[e]];
            int n = (int) Math.min(entryLength[e], left);
            if (direction == Direction.READ && bounceOffset[e] >= 0) {
                MemorySegment.copy(bounce, bounceOffset[e], MemorySegment.ofBuffer(b), 0, n);
            }
            b.position(b.position() + n);
            left -= n;
        }
        entries = 0;
    }

    private MemorySegment bounceArea() {
        MemorySegment area = bounce;
        if (area == null) {
            bounce = area = Arena.ofAuto().allocate(BOUNCE_CAPACITY, 64);
        }
        return area;
    }
}
