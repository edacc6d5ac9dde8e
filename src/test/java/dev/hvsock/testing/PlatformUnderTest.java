package dev.hvsock.testing;

import java.util.Locale;

/**
 * Which of the library's platforms the tests run against, for expectations that differ between them
 * (error names, {@code AF_UNIX} semantics): Windows on Windows, and on Linux where the test JVM was started with
 * {@code -Ddev.hvsock.test.platform=windows} over the Winsock model ({@code src/test/c/winsock-model}; surefire's
 * {@code windows-over-winsock-model} execution; docs/windows.md). Conditions about "Windows" ask this, not
 * {@code os.name}, so that the Windows tests run over the model too.
 */
public final class PlatformUnderTest {
    private PlatformUnderTest() {
    }

    /** Whether the Windows platform (ws2_32, {@code WSAPoll}) is under test: on Windows, or over the model. */
    public static boolean windows() {
        return osName().startsWith("windows") || overWinsockModel();
    }

    /** Whether the Linux platform (libc, epoll) is under test. */
    public static boolean linux() {
        return osName().startsWith("linux") && !overWinsockModel();
    }

    /** Whether the Windows platform runs over the Winsock model (on Linux). */
    public static boolean overWinsockModel() {
        return "windows".equals(System.getProperty("dev.hvsock.test.platform"));
    }

    /** What this is, for a skip's reason: the OS, or the Windows platform over the Winsock model. */
    public static String describe() {
        return overWinsockModel() ? "the Windows platform over the Winsock model" : System.getProperty("os.name");
    }

    private static String osName() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    }
}
