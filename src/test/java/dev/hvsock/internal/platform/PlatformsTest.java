package dev.hvsock.internal.platform;

import dev.hvsock.HvSelectorProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starting the platform: a failure is kept and reported, as the documented {@link UnsupportedOperationException}
 * with its reason, every time it is asked for; never an {@code ExceptionInInitializerError} once and a
 * {@code NoClassDefFoundError} without the reason ever after.
 */
class PlatformsTest {
    /** A platform whose start-up says it cannot run here, as WinsockStartup does when WSAStartup fails. */
    static final class Unavailable {
        Unavailable() {
            throw new UnsupportedOperationException("Winsock 2.2 is not available: WSAStartup failed with error 10091");
        }
    }

    /** A platform whose start-up fails some other way. */
    static final class Broken {
        Broken() {
            throw new IllegalStateException("the generated descriptor of recv does not link");
        }
    }

    /** A platform whose class cannot even be initialized (a binding class whose DLL is missing). */
    static final class Unloadable {
        static final int VALUE = Integer.parseInt("not a number");

        Unloadable() {
            System.out.println(VALUE);
        }
    }

    @Test
    void aPlatformThatSaysItCannotRunHereGivesThatReasonEveryTime() {
        Platforms.Started started = Platforms.start(Unavailable.class.getName());
        for (int attempt = 0; attempt < 3; attempt++) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, started::get);
            assertEquals("Winsock 2.2 is not available: WSAStartup failed with error 10091", e.getMessage());
        }
    }

    @Test
    void anyOtherFailureToStartIsUnsupportedWithItsCauseEveryTime() {
        for (Class<?> failing : List.of(Broken.class, Unloadable.class)) {
            Platforms.Started started = Platforms.start(failing.getName());
            Throwable first = assertThrows(UnsupportedOperationException.class, started::get);
            Throwable second = assertThrows(UnsupportedOperationException.class, started::get);
            assertTrue(first.getMessage().startsWith("hvsock-nio's native platform failed to start: "),
                    first.getMessage());
            assertEquals(first.getMessage(), second.getMessage());
            assertSame(first.getCause(), second.getCause());
            Class<? extends Throwable> cause = failing == Broken.class ? IllegalStateException.class
                    : ExceptionInInitializerError.class;
            assertInstanceOf(cause, first.getCause());
        }
    }

    @Test
    void noImplementationIsItsReason() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Platforms.start(Platforms.choose("Haiku", "amd64")).get());
        assertEquals("hvsock-nio runs on Linux and Windows, not on Haiku", e.getMessage());
    }

    @Test
    void linuxHasBindingsForX8664AndAarch64AndNamesThemWhenRefusing() {
        assertEquals(new Platforms.Supported(SupportedPlatform.LINUX_X86_64), Platforms.choose("Linux", "amd64"));
        assertEquals(new Platforms.Supported(SupportedPlatform.LINUX_AARCH64), Platforms.choose("Linux", "aarch64"));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Platforms.start(Platforms.choose("Linux", "riscv64")).get());
        assertEquals("hvsock-nio's native bindings are generated for x86_64 and aarch64, not riscv64", e.getMessage());
    }

    /**
     * The real thing, where it can fail here: a JVM told it runs on Windows starts the Windows platform,
     * which cannot load ws2_32.dll on Linux. Every use must then say so with the documented exception.
     */
    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "fakes Windows on Linux, where ws2_32.dll is missing")
    void theWindowsPlatformFailingToStartIsReportedTheSameWayEveryTime() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dos.name=Windows",
                "-Ddev.hvsock.hyperv.connectTimeoutMillis=ten", "-cp", System.getProperty("java.class.path"),
                StartUpProbe.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        for (String line : lines) {
            assertTrue(line.startsWith("java.lang.UnsupportedOperationException: Winsock (ws2_32.dll) cannot be "
                    + "loaded"), out);
        }
    }

    /** Uses the provider three times in a JVM of its own and prints what each use threw. */
    public static final class StartUpProbe {
        public static void main(String[] args) {
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    if (attempt == 1) {
                        HvSelectorProvider.provider().openSelector().close();
                    } else {
                        HvSelectorProvider.provider().openSocketChannel().close();
                    }
                    System.out.println("opened");
                } catch (IOException | RuntimeException | Error e) {
                    System.out.println(e.toString().lines().findFirst().orElse(""));
                }
            }
        }
    }
}
