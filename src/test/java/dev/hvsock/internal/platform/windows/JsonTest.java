package dev.hvsock.internal.platform.windows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON reader against RFC 8259: what it must accept, exactly, and what it must refuse. */
class JsonTest {
    @Test
    void everyKindOfValue() {
        Object v = Json.parse(" {\"s\":\"x\",\"n\":-12.5e2,\"z\":0,\"t\":true,\"f\":false,\"null\":null,"
                + "\"a\":[1,[],{}],\"o\":{\"k\":\"v\"}} \r\n\t");
        Map<?, ?> o = assertInstanceOf(Map.class, v);
        assertEquals(List.of("s", "n", "z", "t", "f", "null", "a", "o"), List.copyOf(o.keySet()), "document order");
        assertEquals("x", o.get("s"));
        assertEquals(0, new BigDecimal("-1250").compareTo((BigDecimal) o.get("n")));
        assertEquals(BigDecimal.ZERO, o.get("z"));
        assertEquals(Boolean.TRUE, o.get("t"));
        assertEquals(Boolean.FALSE, o.get("f"));
        assertTrue(o.containsKey("null"));
        assertNull(o.get("null"));
        assertEquals(List.of(BigDecimal.ONE, List.of(), Map.of()), o.get("a"));
        assertEquals(Map.of("k", "v"), o.get("o"));
        assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) o).put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) o.get("a")).add(1));
    }

    @Test
    void everyEscapeAndUnicode() {
        assertEquals("\"\\/\b\f\n\r\tAé€😀",
                Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\ud83d\\ude00\""));
        assertEquals("é€😀 raw", Json.parse("\"é€😀 raw\""));
        assertEquals("", Json.parse("\"\""));
    }

    @Test
    void scalarsAtTheTopAndNumbersInEveryForm() {
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertNull(Json.parse(" null "));
        for (String n : List.of("0", "-0", "1", "-2147483648", "4294967295", "0.5", "1e3", "1E+3", "1e-3",
                "123456789012345678901234567890", "2.5E-10")) {
            assertEquals(0, new BigDecimal(n).compareTo((BigDecimal) Json.parse(n)), n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "[", "[1,]", "{\"a\":1,}", "{,}", "[,1]", "{\"a\" 1}", "{\"a\":}",
        "{a:1}", "{'a':1}", "['a']", "01", "-", "1.", ".5", "1e", "+1", "0x10", "NaN", "Infinity", "tru", "nul",
        "True", "\"a", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"tab\there\"", "\"line\nbreak\"", "1 2", "[] []",
        "{} x", "// c\n1", "/* c */ 1", "[1]]", "{\"a\":1}}", "\u00a01", "[1\u00a0]", "\"\\u٠٠٤١\""})
    void refusesWhatTheRfcDoesNotAllow(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text), text);
        assertTrue(e.getMessage().startsWith("not valid JSON: ") && e.getMessage().contains(" at offset "),
                e.getMessage());
    }

    @Test
    void aNameTwiceInOneObjectIsRefusedButNotInTwoObjects() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\"Id\":\"a\",\"Id\":\"b\"}"));
        assertTrue(e.getMessage().contains("\"Id\" appears twice"), e.getMessage());
        assertEquals(2, ((List<?>) Json.parse("[{\"Id\":\"a\"},{\"Id\":\"b\"}]")).size());
    }

    @Test
    void nestingIsBoundedInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertInstanceOf(List.class, Json.parse(deep));
        String tooDeep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(tooDeep));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
        char[] hostile = new char[1_000_000];
        Arrays.fill(hostile, '{');
        assertThrows(IllegalArgumentException.class, () -> Json.parse(new String(hostile)));
    }

    @Test
    void theErrorSaysWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, x]"));
        assertEquals("not valid JSON: unexpected character 'x' at offset 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1"));
        assertEquals("not valid JSON: ',' or ']' expected at offset 2 (the end)", e.getMessage());
    }
}
