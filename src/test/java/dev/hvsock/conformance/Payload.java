package dev.hvsock.conformance;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/** Reproducible test data and its checksum. */
final class Payload {
    private Payload() {
    }

    /** {@code size} pseudo-random bytes determined by {@code seed}. */
    static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    /** The bytes 0, 1, 2, ... (mod 256) starting at {@code first}: easy to read in a failure message. */
    static byte[] counting(int first, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    /** A buffer of {@code kind} holding {@code data}, positioned at 0. */
    static ByteBuffer buffer(boolean direct, byte[] data) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(data.length) : ByteBuffer.allocate(data.length);
        b.put(data).flip();
        return b;
    }

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }
}
