package dev.hvsock.tool;

import java.lang.reflect.InvocationTargetException;

/**
 * The Main-Class of hvsock.jar. It is compiled for Java 8, so that running the jar with an older
 * {@code java} (often the one on the PATH while JAVA_HOME names the JDK that built it) says what to do
 * instead of failing with UnsupportedClassVersionError; on Java 24 or newer it hands over to {@link Main}.
 */
public final class Launcher {
    /** The library's floor: JDK 22 and 23 refuse its downcalls' linker options (critical with captureCallState). */
    private static final int REQUIRED_JAVA = 24;
    /** ExitCode.UNSUPPORTED: not available on this platform. */
    private static final int UNSUPPORTED = 6;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int feature = featureVersion(System.getProperty("java.specification.version", "0"));
        if (feature < REQUIRED_JAVA) {
            System.err.println("hvsock: needs Java " + REQUIRED_JAVA + " or newer, but this is Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.home") + "); run it with "
                    + "a newer one, e.g. \"$JAVA_HOME/bin/java\" -jar hvsock.jar, "
                    + "or the hvsock script next to the jar");
            System.exit(UNSUPPORTED);
        }
        try {
            // by name: this class is compiled for Java 8 and cannot link against the Java 24 classes
            Class.forName("dev.hvsock.tool.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** "1.8" -> 8, "17" -> 17. */
    private static int featureVersion(String specification) {
        String s = specification.startsWith("1.") ? specification.substring(2) : specification;
        int dot = s.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? s : s.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
