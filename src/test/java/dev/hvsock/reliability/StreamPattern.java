package dev.hvsock.reliability;

import java.util.SplittableRandom;

/**
 * The bytes a soak connection sends: a function of (connection, offset), so the receiver can check
 * every byte without keeping a copy, and never periodic, so a lost or repeated block cannot line up
 * with the data after it. Each 1 MiB page of a stream is one shared random block rotated by a
 * per-(connection, page) pseudo-random amount; producing a range is a couple of array copies.
 */
final class StreamPattern {
    private static final int PAGE_BITS = 20;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final int MASK = PAGE - 1;

    private final long seed;
    private final byte[] block = new byte[PAGE];

    StreamPattern(long seed) {
        this.seed = seed;
        new SplittableRandom(seed).nextBytes(block);
    }

    private int rotation(int connection, long page) {
        long z = seed + connection * 0x9E3779B97F4A7C15L + page * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 31)) & MASK;
    }

    /** Writes bytes {@code [offset, offset + length)} of {@code connection}'s stream into {@code dst}. */
    void fill(int connection, long offset, byte[] dst, int dstOffset, int length) {
        while (length > 0) {
            long page = offset >>> PAGE_BITS;
            int inPage = (int) (offset & MASK);
            int from = (inPage + rotation(connection, page)) & MASK;
            int n = Math.min(Math.min(length, PAGE - inPage), PAGE - from);
            System.arraycopy(block, from, dst, dstOffset, n);
            offset += n;
            dstOffset += n;
            length -= n;
        }
    }
}
