package dev.hvsock.testing;

/**
 * Which platform the library under test runs: Windows on Windows, and on Linux where the test JVM was started
 * with {@code -Ddev.hvsock.test.platform=windows} over the Winsock model ({@code src/test/c/winsock-model};
 * surefire's {@code windows-over-winsock-model} execution; docs/windows.md). Conditions about "Windows" ask this,
 * not {@code os.name}, so that the Windows tests run over the model too.
 */
public final class TestPlatform {
    private TestPlatform() {
    }

    /** Whether the library runs its Windows platform here (on Windows, or on Linux over the Winsock model). */
    public static boolean windows() {
        return System.getProperty("os.name", "").startsWith("Windows") || overWinsockModel();
    }

    /** Whether the Windows platform runs over the Winsock model (on Linux). */
    public static boolean overWinsockModel() {
        return "windows".equals(System.getProperty("dev.hvsock.test.platform"));
    }

    /** What this is, for a skip's reason: the OS, or the Windows platform over the Winsock model. */
    public static String describe() {
        return overWinsockModel() ? "the Windows platform over the Winsock model" : System.getProperty("os.name");
    }
}
