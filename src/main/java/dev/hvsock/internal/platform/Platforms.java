package dev.hvsock.internal.platform;

import java.util.Locale;

/**
 * Picks the {@link NativePlatform} for the running OS. The implementation is loaded by name so that
 * the other OS's classes (and their native bindings) are never even loaded.
 */
public final class Platforms {
    private Platforms() {
    }

    private static final class Holder {
        static final String IMPLEMENTATION = implementationFor(
                System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        static final NativePlatform CURRENT = IMPLEMENTATION.startsWith("dev.") ? load(IMPLEMENTATION) : null;
    }

    /**
     * The running OS's platform.
     *
     * @throws UnsupportedOperationException on an OS or architecture the bindings were not generated for
     */
    public static NativePlatform current() {
        NativePlatform platform = Holder.CURRENT;
        if (platform == null) {
            throw new UnsupportedOperationException(Holder.IMPLEMENTATION);
        }
        return platform;
    }

    /** The implementation class for an OS and architecture, or the reason there is none. */
    static String implementationFor(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return "hvsock-nio's native bindings are generated for x86_64, not " + osArch;
        }
        if (os.startsWith("windows")) {
            return "dev.hvsock.internal.platform.windows.WindowsPlatform";
        }
        if (os.startsWith("linux")) {
            return "dev.hvsock.internal.platform.linux.LinuxPlatform";
        }
        return "hvsock-nio runs on Linux and Windows, not on " + osName;
    }

    private static NativePlatform load(String implementation) {
        try {
            return (NativePlatform) Class.forName(implementation).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
