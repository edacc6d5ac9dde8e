package dev.hvsock.reliability;

import dev.hvsock.HvSocketAddress;
import dev.hvsock.VsockAddress;
import dev.hvsock.internal.platform.Guids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random fuzzing of the address parsers and the GUID codec (a fixed number of iterations per
 * property; the seed is printed and can be replayed with {@code -Dhvsock.fuzz.seed=N}; the count is
 * {@code -Dhvsock.fuzz.iterations}). Properties: parsing any text ends in a value or an
 * IllegalArgumentException, nothing else; a parsed value prints back to text that parses to the same
 * value; parse(toString(x)) == x for random x; the GUID codec round-trips both ways and matches the
 * Windows layout byte for byte; the strict GUID parser agrees with a regular expression plus
 * {@link UUID#fromString}. jqwik was considered and not used: see docs/reliability.md.
 */
@Timeout(120)
class AddressFuzzTest {
    private static final int ITERATIONS = Figures.intProperty("hvsock.fuzz.iterations", 100_000);
    private static final long SEED = Long.getLong("hvsock.fuzz.seed", System.nanoTime());

    private static final String[] WORDS = {"wildcard", "*", "zero", "broadcast", "children", "loopback", "parent",
            "silohost", "vsock", "any", "hypervisor", "local", "host", "LOOPBACK", "Parent", ":", "::", "-", "{", "}",
            "0", "1", "2", "4294967295", "4294967296", "99999999999", "00000000", "facb", "11e6", "bd58",
            "64006a7986d3", "e0e16197-dd56-4a10-9195-5ee7a155a838", " ", "\t", "\u0000", "\uFFFF", "\uD800", "é",
            "１", "٣", "0x10", "+1", "-1", "5000"};
    private static final char[] CHARS = "0123456789abcdefABCDEFxyz-:{} \t*+.\u0000é١".toCharArray();

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static AssertionError failure(String property, int iteration, Object input, Throwable cause) {
        return new AssertionError(property + " failed at iteration " + iteration + " (replay with -Dhvsock.fuzz.seed="
                + SEED + ") for input \"" + input + "\"", cause);
    }

    /** Text from a grammar of address fragments, random characters, mutated valid addresses, or raw UTF-16. */
    static String randomText(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        switch (rnd.nextInt(4)) {
            case 0 -> {
                int n = rnd.nextInt(6);
                for (int i = 0; i < n; i++) {
                    sb.append(WORDS[rnd.nextInt(WORDS.length)]);
                }
            }
            case 1 -> {
                int n = rnd.nextInt(50);
                for (int i = 0; i < n; i++) {
                    sb.append(CHARS[rnd.nextInt(CHARS.length)]);
                }
            }
            case 2 -> {
                String valid = rnd.nextBoolean() ? randomHv(rnd).toString() : randomVsock(rnd).toString();
                sb.append(valid);
                int edits = 1 + rnd.nextInt(3);
                for (int i = 0; i < edits && sb.length() > 0; i++) {
                    int at = rnd.nextInt(sb.length());
                    switch (rnd.nextInt(4)) {
                        case 0 -> sb.deleteCharAt(at);
                        case 1 -> sb.insert(at, CHARS[rnd.nextInt(CHARS.length)]);
                        case 2 -> sb.setCharAt(at, CHARS[rnd.nextInt(CHARS.length)]);
                        default -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + rnd.nextInt(8))));
                    }
                }
            }
            default -> {
                int n = rnd.nextInt(40);
                for (int i = 0; i < n; i++) {
                    sb.append((char) rnd.nextInt(0x10000));
                }
            }
        }
        return sb.toString();
    }

    static UUID randomUuid(SplittableRandom rnd) {
        return new UUID(rnd.nextLong(), rnd.nextLong());
    }

    static HvSocketAddress randomHv(SplittableRandom rnd) {
        UUID[] wellKnown = {HvSocketAddress.WILDCARD, HvSocketAddress.BROADCAST, HvSocketAddress.CHILDREN,
                HvSocketAddress.LOOPBACK, HvSocketAddress.PARENT, HvSocketAddress.SILOHOST};
        UUID vm = rnd.nextBoolean() ? wellKnown[rnd.nextInt(wellKnown.length)] : randomUuid(rnd);
        return rnd.nextBoolean() ? HvSocketAddress.ofVsockPort(vm, rnd.nextLong(0x8000_0000L))
                : HvSocketAddress.of(vm, randomUuid(rnd));
    }

    static VsockAddress randomVsock(SplittableRandom rnd) {
        long[] special = {0, 1, 2, 0xFFFF_FFFFL};
        long cid = rnd.nextInt(3) == 0 ? special[rnd.nextInt(4)] : rnd.nextLong(0x1_0000_0000L);
        long port = rnd.nextInt(3) == 0 ? special[rnd.nextInt(4)] : rnd.nextLong(0x1_0000_0000L);
        return VsockAddress.of(cid, port);
    }

    /** Parsing arbitrary text: a value that survives a print-and-parse, or IllegalArgumentException. */
    private static <T> void parseNeverThrowsAnythingElse(String name, Function<String, T> parse) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String text = randomText(rnd);
            T value;
            try {
                value = parse.apply(text);
            } catch (IllegalArgumentException expected) {
                if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                    throw failure(name + " explains its rejection", i, text, expected);
                }
                continue;
            } catch (Throwable t) {
                throw failure(name + " throws only IllegalArgumentException", i, text, t);
            }
            accepted++;
            try {
                assertEquals(value, parse.apply(value.toString()), "parse(toString(parse(text)))");
            } catch (Throwable t) {
                throw failure(name + " re-parses what it printed", i, text, t);
            }
        }
        Figures.report("fuzz", name + "(random text): iterations / accepted / seed",
                ITERATIONS + " / " + accepted + " / " + SEED);
    }

    @Test
    void hvSocketAddressParseOfRandomText() {
        parseNeverThrowsAnythingElse("HvSocketAddress.parse", HvSocketAddress::parse);
    }

    @Test
    void vsockAddressParseOfRandomText() {
        parseNeverThrowsAnythingElse("VsockAddress.parse", VsockAddress::parse);
    }

    @Test
    void addressesRoundTripThroughTheirText() {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        for (int i = 0; i < ITERATIONS; i++) {
            HvSocketAddress hv = randomHv(rnd);
            VsockAddress vsock = randomVsock(rnd);
            try {
                assertEquals(hv, HvSocketAddress.parse(hv.toString()));
                assertEquals(hv, HvSocketAddress.parse(hv.toString().toUpperCase(Locale.ROOT)));
                assertEquals(hv, HvSocketAddress.parse(hv.vmId() + ":" + hv.serviceId()));
                assertEquals(hv, HvSocketAddress.parse("{" + hv.vmId() + "} : {" + hv.serviceId() + "}"));
                assertEquals(vsock, VsockAddress.parse(vsock.toString()));
                assertEquals(vsock, VsockAddress.parse(vsock.cid() + ":" + vsock.port()));
            } catch (Throwable t) {
                throw failure("parse(toString(x)) == x", i, hv + " / " + vsock, t);
            }
        }
        Figures.report("fuzz", "parse(toString(x)) == x for random HvSocketAddress and VsockAddress: iterations / seed",
                ITERATIONS + " / " + (SEED + 1));
    }

    @Test
    void guidCodecRoundTripsAndMatchesTheWindowsLayout() {
        SplittableRandom rnd = new SplittableRandom(SEED + 2);
        byte[] raw = new byte[16];
        for (int i = 0; i < ITERATIONS; i++) {
            UUID u = randomUuid(rnd);
            rnd.nextBytes(raw);
            try {
                byte[] bytes = Guids.toBytes(u);
                assertEquals(u, Guids.fromBytes(bytes));
                assertArrayEquals(windowsLayout(u), bytes, "Data1..3 little-endian, Data4 as is");
                assertArrayEquals(raw, Guids.toBytes(Guids.fromBytes(raw.clone())));
            } catch (Throwable t) {
                throw failure("Guids.fromBytes(Guids.toBytes(u)) == u", i, u, t);
            }
            int wrong = rnd.nextInt(40);
            if (wrong != 16) {
                try {
                    Guids.fromBytes(new byte[wrong]);
                    fail("Guids.fromBytes accepted " + wrong + " bytes");
                } catch (IllegalArgumentException expected) {
                    // documented
                }
            }
        }
        Figures.report("fuzz", "Guids.toBytes/fromBytes round trips (both ways) + layout check: iterations / seed",
                ITERATIONS + " / " + (SEED + 2));
    }

    /** The reference layout, written out field by field. */
    private static byte[] windowsLayout(UUID u) {
        long msb = u.getMostSignificantBits();
        long lsb = u.getLeastSignificantBits();
        byte[] b = new byte[16];
        int data1 = (int) (msb >>> 32);
        short data2 = (short) (msb >>> 16);
        short data3 = (short) msb;
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (data1 >>> (8 * i));
        }
        b[4] = (byte) data2;
        b[5] = (byte) (data2 >>> 8);
        b[6] = (byte) data3;
        b[7] = (byte) (data3 >>> 8);
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return b;
    }

    @Test
    void strictGuidParserAgreesWithAReferenceOnRandomText() {
        SplittableRandom rnd = new SplittableRandom(SEED + 3);
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String text = rnd.nextInt(3) == 0 ? mutate(rnd, randomUuid(rnd).toString()) : randomText(rnd);
            if (rnd.nextInt(4) == 0) {
                text = "{" + text + "}";
            }
            try {
                UUID parsed = parseGuidOrNull(text);
                String inner = text.length() == 38 && text.startsWith("{") && text.endsWith("}")
                        ? text.substring(1, 37) : text;
                if (GUID.matcher(inner).matches()) {
                    assertEquals(UUID.fromString(inner), parsed);
                    accepted++;
                } else {
                    assertNull(parsed, "accepted a non-GUID");
                }
            } catch (Throwable t) {
                throw failure("HvSocketAddress.parseGuid agrees with the reference", i, text, t);
            }
        }
        Figures.report("fuzz",
                "HvSocketAddress.parseGuid vs regex + UUID.fromString: iterations / GUIDs among them / seed",
                ITERATIONS + " / " + accepted + " / " + (SEED + 3));
    }

    /** {@link HvSocketAddress#parseGuid}, with null for text it refuses. */
    private static UUID parseGuidOrNull(String text) {
        try {
            return HvSocketAddress.parseGuid(text);
        } catch (IllegalArgumentException refused) {
            return null;
        }
    }

    private static String mutate(SplittableRandom rnd, String s) {
        StringBuilder sb = new StringBuilder(rnd.nextBoolean() ? s.toUpperCase(Locale.ROOT) : s);
        if (rnd.nextBoolean()) {
            int at = rnd.nextInt(sb.length());
            sb.setCharAt(at, CHARS[rnd.nextInt(CHARS.length)]);
        }
        return sb.toString();
    }
}
