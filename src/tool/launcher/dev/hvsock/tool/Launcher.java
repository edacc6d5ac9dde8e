package dev.hvsock.tool;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The Main-Class of hvsock.jar. It is compiled for Java 8, so that running the jar with an older
 * {@code java} (often the one on the PATH while JAVA_HOME names the JDK that built it) says what to do
 * instead of failing with UnsupportedClassVersionError; it also names the library jar when the one hvsock.jar's
 * Class-Path needs is not beside it (else the first library class fails with NoClassDefFoundError). On Java 24
 * or newer, with the library there, it hands over to {@link Main}.
 */
public final class Launcher {
    /** The library's floor: JDK 22 and 23 refuse its downcalls' linker options (critical with captureCallState). */
    private static final int REQUIRED_JAVA = 24;
    /** ExitCode.FAILURE. */
    private static final int FAILURE = 1;
    /** ExitCode.UNSUPPORTED: not available on this platform. */
    private static final int UNSUPPORTED = 6;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int feature = featureVersion(System.getProperty("java.specification.version", "0"));
        if (feature < REQUIRED_JAVA) {
            String thisJava = "Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("java.home") + ")";
            // the launcher scripts set hvsock.launcher: they found this java through HVSOCK_JAVA (or could not
            // tell its version), so advising the script would send the user in a circle
            String advice = "script".equals(System.getProperty("hvsock.launcher"))
                    ? "set HVSOCK_JAVA to the java of a JDK " + REQUIRED_JAVA + " or newer, or unset it to let the "
                            + "launcher find one"
                    : "run hvsock.jar with a newer java (\"/path/to/jdk-25/bin/java\" -jar hvsock.jar), or run the "
                            + "hvsock launcher beside hvsock.jar, which finds a JDK " + REQUIRED_JAVA + "+ by itself "
                            + "(HVSOCK_JAVA names one)";
            System.err.println("hvsock: needs Java " + REQUIRED_JAVA + " or newer, but this is " + thisJava + "; "
                    + advice);
            System.exit(UNSUPPORTED);
        }
        String missing = missingLibrary();
        if (missing != null) {
            System.err.println("hvsock: " + missing);
            System.exit(FAILURE);
        }
        try {
            // by name: this class is compiled for Java 8 and cannot link against the Java 24 classes
            Class.forName("dev.hvsock.tool.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * What is missing when this class runs from a jar whose manifest Class-Path names a file that is not there
     * (hvsock.jar copied without the hvsock-nio jar), else null.
     */
    private static String missingLibrary() {
        CodeSource source = Launcher.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        File jar;
        try {
            jar = new File(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        if (!jar.isFile()) {
            return null; // class directories: the build's tests and IDEs put the library on the class path
        }
        String classPath;
        try (JarFile file = new JarFile(jar)) {
            Manifest manifest = file.getManifest();
            classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        } catch (IOException e) {
            return null; // the JVM just read this jar; whatever is wrong with it shows when Main loads
        }
        if (classPath == null) {
            return null;
        }
        for (String entry : classPath.trim().split("\\s+")) {
            if (!entry.isEmpty() && !new File(jar.getParentFile(), entry).exists()) {
                return "the hvsock-nio library jar " + entry + " is missing: " + jar.getName() + " needs it beside "
                        + "itself, in " + jar.getParentFile() + " (its manifest's Class-Path names it); copy it there "
                        + "from the build's target directory, where mvn package leaves both";
            }
        }
        return null;
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
