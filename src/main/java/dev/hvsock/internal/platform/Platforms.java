package dev.hvsock.internal.platform;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Picks the {@link NativePlatform} for the running OS: a {@link SupportedPlatform} pair, or the reason there
 * is none ({@link #choose}). The pair's {@link Assembly} is loaded by name so that the other OS's classes
 * (and their native bindings) are never even loaded.
 *
 * <p>It is started once. If that fails (an unsupported OS or architecture, Winsock missing, a binding that
 * does not link), the failure is kept and every call of {@link #current()} throws a new
 * {@link UnsupportedOperationException} with its reason: never an {@code ExceptionInInitializerError} once and
 * a bare {@code NoClassDefFoundError} ever after, which would lose the reason for the rest of the process.
 */
public final class Platforms {
    private Platforms() {
    }

    /** What an OS's platform class is: it assembles the platform's roles (public no-argument constructor). */
    public interface Assembly {
        /**
         * The platform's roles, linked and started.
         *
         * @throws UnsupportedOperationException if the platform cannot run on this machine, with the reason
         */
        NativePlatform assemble();
    }

    /** The platform for an OS and architecture: a supported pair, or why there is none. */
    public sealed interface Choice permits Supported, Unsupported {
    }

    /** A pair hvsock-nio has bindings for. */
    public record Supported(SupportedPlatform pair) implements Choice {
    }

    /** No platform, and why. */
    public record Unsupported(String reason) implements Choice {
    }

    private static final class Holder {
        static final Started CURRENT = start(choose(
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

    /** The platform for an OS and architecture ({@code os.name}, {@code os.arch}), or the reason there is none. */
    public static Choice choose(String osName, String osArch) {
        List<SupportedPlatform> forOs = Arrays.stream(SupportedPlatform.values()).filter(p -> p.runsOn(osName))
                .toList();
        if (forOs.isEmpty()) {
            return new Unsupported("hvsock-nio runs on " + names(List.of(SupportedPlatform.values()),
                    p -> capitalized(p.os())) + ", not on " + osName);
        }
        for (SupportedPlatform pair : forOs) {
            if (pair.isFor(osArch)) {
                return new Supported(pair);
            }
        }
        return new Unsupported("hvsock-nio's native bindings are generated for "
                + names(forOs, SupportedPlatform::arch) + ", not " + osArch);
    }

    /** The distinct names of {@code pairs}: "a", "a and b", "a, b and c". */
    private static String names(List<SupportedPlatform> pairs, Function<SupportedPlatform, String> name) {
        List<String> names = pairs.stream().map(name).distinct().toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static String capitalized(String os) {
        return Character.toUpperCase(os.charAt(0)) + os.substring(1);
    }

    /** Starts the chosen platform, or keeps the reason there is none. */
    static Started start(Choice choice) {
        return switch (choice) {
            case Supported supported -> start(supported.pair().assembly());
            case Unsupported unsupported -> new Started(null, unsupported.reason(), null);
        };
    }

    /**
     * Starts the {@link Assembly} class {@code assembly}, catching whatever its construction and assembly throw:
     * an {@link UnsupportedOperationException} says why the platform is missing here; anything else, a linkage
     * error among them, is a failure to start.
     */
    static Started start(String assembly) {
        try {
            Assembly a = (Assembly) Class.forName(assembly).getDeclaredConstructor().newInstance();
            return new Started(a.assemble(), null, null);
        } catch (InvocationTargetException e) {
            return failed(e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return failed(e);
        }
    }

    private static Started failed(Throwable cause) {
        if (cause instanceof UnsupportedOperationException unsupported) {
            return new Started(null, unsupported.getMessage(), unsupported);
        }
        if (cause instanceof VirtualMachineError error) {
            throw error; // out of memory and the like are no answer about this machine
        }
        return new Started(null, "hvsock-nio's native platform failed to start: " + cause, cause);
    }
}
