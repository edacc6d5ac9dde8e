package dev.hvsock.internal.platform;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * Picks the {@link NativePlatform} for the running OS. The implementation is loaded by name so that
 * the other OS's classes (and their native bindings) are never even loaded.
 *
 * <p>It is started once. If that fails (an architecture without bindings, Winsock missing, a binding that does not link), the
 * failure is kept and every call of {@link #current()} throws a new {@link UnsupportedOperationException}
 * with its reason: never an {@code ExceptionInInitializerError} once and a bare {@code NoClassDefFoundError}
 * ever after, which would lose the reason for the rest of the process.
 */
public final class Platforms {
    private Platforms() {
    }

    private static final class Holder {
        static final Started CURRENT = start(implementationFor(
                System.getProperty("os.name", ""), System.getProperty("os.arch", "")));
    }

    /** The outcome of starting a platform: the platform, or why there is none. */
    record Started(NativePlatform platform, String failure, Throwable cause) {
        /**
         * The platform.
         *
         * @throws UnsupportedOperationException with the reason it could not be started, every time
         */
        NativePlatform get() {
            if (platform != null) {
                return platform;
            }
            UnsupportedOperationException e = new UnsupportedOperationException(failure);
            if (cause != null) {
                e.initCause(cause);
            }
            throw e;
        }
    }

    /**
     * The running OS's platform.
     *
     * @throws UnsupportedOperationException on an OS or architecture the bindings were not generated for, or
     *         where the platform could not be started, with the reason
     */
    public static NativePlatform current() {
        return Holder.CURRENT.get();
    }

    /** The OS and architecture pairs there are bindings for. */
    static final String SUPPORTED = "linux-x86_64, linux-aarch64, windows-x86_64";

    /** The implementation class for an OS and architecture, or the reason there is none. */
    static String implementationFor(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        if (os.startsWith("windows") && x86) {
            return "dev.hvsock.internal.platform.windows.WindowsPlatform";
        }
        if (os.startsWith("linux") && (x86 || arm)) {
            return "dev.hvsock.internal.platform.linux.LinuxPlatform";
        }
        if (!os.startsWith("windows") && !os.startsWith("linux")) {
            return "hvsock-nio runs on Linux and Windows, not on " + osName;
        }
        return "hvsock-nio's native bindings are generated for " + SUPPORTED + ", not for " + osName + " on " + osArch;
    }

    /**
     * Starts {@code implementation} (a class name from {@link #implementationFor}, or the reason there is
     * none), catching whatever its construction throws: an {@link UnsupportedOperationException} says why
     * the platform is missing here; anything else, a linkage error among them, is a failure to start.
     */
    static Started start(String implementation) {
        if (!implementation.startsWith("dev.")) {
            return new Started(null, implementation, null);
        }
        try {
            return new Started((NativePlatform) Class.forName(implementation).getDeclaredConstructor().newInstance(),
                    null, null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnsupportedOperationException unsupported) {
                return new Started(null, unsupported.getMessage(), unsupported);
            }
            return failed(cause);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return failed(e);
        }
    }

    private static Started failed(Throwable cause) {
        if (cause instanceof VirtualMachineError error) {
            throw error; // out of memory and the like are no answer about this machine
        }
        return new Started(null, "hvsock-nio's native platform failed to start: " + cause, cause);
    }
}
