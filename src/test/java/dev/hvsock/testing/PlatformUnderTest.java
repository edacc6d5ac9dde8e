package dev.hvsock.testing;

import java.util.Locale;

/**
 * Which of the library's platforms the tests run against, for expectations that differ between them
 * (error names, {@code AF_UNIX} semantics). One place, so that a run of the Windows platform on another OS
 * (issue 18's Winsock model) changes only this.
 */
public final class PlatformUnderTest {
    private PlatformUnderTest() {
    }

    /** Whether the Windows platform (ws2_32, {@code WSAPoll}) is under test. */
    public static boolean windows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** Whether the Linux platform (libc, epoll) is under test. */
    public static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }
}
