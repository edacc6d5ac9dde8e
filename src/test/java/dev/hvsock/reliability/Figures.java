package dev.hvsock.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Prints the figures docs/reliability.md quotes, one line each ({@code [reliability] test | what | value}),
 * and appends them to the file named by {@code -Dhvsock.reliability.figures=PATH} when given.
 */
final class Figures {
    private Figures() {
    }

    static synchronized void report(String test, String what, Object value) {
        String line = "[reliability] " + test + " | " + what + " | " + value;
        System.out.println(line);
        String file = System.getProperty("hvsock.reliability.figures");
        if (file != null && !file.isBlank()) {
            try {
                Files.writeString(Path.of(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code name} as a size: a number with an optional K, M or G suffix (powers of 1024). */
    static long sizeProperty(String name, long defaultValue) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        v = v.strip().toUpperCase(java.util.Locale.ROOT);
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
        return Long.parseLong(digits.strip()) * unit;
    }

    static int intProperty(String name, int defaultValue) {
        return Math.toIntExact(sizeProperty(name, defaultValue));
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
