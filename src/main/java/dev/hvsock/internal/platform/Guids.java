package dev.hvsock.internal.platform;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * The GUID byte codec (the text form is {@link dev.hvsock.HvSocketAddress#parseGuid}'s).
 *
 * <p>Windows lays a {@code GUID} out as {@code Data1} (32 bits), {@code Data2}, {@code Data3} (16 bits each),
 * all little-endian, then {@code Data4}'s eight bytes in order; {@link UUID} holds the same 128 bits
 * big-endian. Only the first three fields swap bytes.
 */
public final class Guids {
    /** The size of a {@code GUID} in bytes. */
    public static final int SIZE = 16;

    private static final ValueLayout.OfInt DATA1 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort DATA23 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong DATA4 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Guids() {
    }

    /** Writes {@code guid} into {@code segment} at {@code offset} in Windows' {@code GUID} layout. */
    public static void write(MemorySegment segment, long offset, UUID guid) {
        long msb = guid.getMostSignificantBits();
        segment.set(DATA1, offset, (int) (msb >>> 32));
        segment.set(DATA23, offset + 4, (short) (msb >>> 16));
        segment.set(DATA23, offset + 6, (short) msb);
        segment.set(DATA4, offset + 8, guid.getLeastSignificantBits());
    }

    /** Reads a Windows {@code GUID} from {@code segment} at {@code offset}. */
    public static UUID read(MemorySegment segment, long offset) {
        long data1 = Integer.toUnsignedLong(segment.get(DATA1, offset));
        long data2 = Short.toUnsignedLong(segment.get(DATA23, offset + 4));
        long data3 = Short.toUnsignedLong(segment.get(DATA23, offset + 6));
        return new UUID((data1 << 32) | (data2 << 16) | data3, segment.get(DATA4, offset + 8));
    }

    /** The 16 bytes of {@code guid} in Windows' {@code GUID} layout. */
    public static byte[] toBytes(UUID guid) {
        byte[] bytes = new byte[SIZE];
        write(MemorySegment.ofArray(bytes), 0, guid);
        return bytes;
    }

    /** The GUID whose Windows layout is {@code bytes} (exactly 16 of them). */
    public static UUID fromBytes(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("a GUID has 16 bytes, not " + bytes.length);
        }
        return read(MemorySegment.ofArray(bytes), 0);
    }
}
