package dev.hvsock.frameworks;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A reproducible stream of random bytes with a running SHA-256, and the same digest for the other end:
 * what a test sends is never held in memory, yet every byte that comes back is checked.
 */
final class RandomStream {
    private final SplittableRandom random;
    private final MessageDigest digest = sha256();

    RandomStream(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Fills {@code chunk[0..length)} with the next bytes of the stream. */
    void next(byte[] chunk, int length) {
        for (int i = 0; i < length; ) {
            long bits = random.nextLong();
            for (int b = 0; b < 8 && i < length; b++, bits >>>= 8) {
                chunk[i++] = (byte) bits;
            }
        }
        digest.update(chunk, 0, length);
    }

    /** The SHA-256 of everything produced so far. */
    byte[] digest() {
        return digest.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    static byte[] sha256(ByteBuffer data) {
        MessageDigest md = sha256();
        md.update(data);
        return md.digest();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
