package dev.hvsock.frameworks;

import dev.hvsock.testing.NettyTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.resolver.AddressResolver;
import io.netty.util.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library and Netty as named modules, as the README tells users to run them: an application module
 * (src/test/modules/hvsock.modapp) that uses {@code dev.hvsock.netty} is compiled and run with the library's
 * classes and the Netty line under test on the module path and {@code --enable-native-access=dev.hvsock};
 * it must work, and the JVM must warn of nothing. Without Netty the library's module resolves alone.
 */
@NettyTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModulePathTest {
    private static final Path APP_SOURCES = Path.of(System.getProperty("basedir", "."), "src/test/modules");

    @TempDir
    Path tempDir;

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Path library() {
        return Path.of(System.getProperty("hvsock.classes", "target/classes"));
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Netty's modules that the transport needs, from the line on this test's class path. */
    private static List<Path> nettyModules() throws URISyntaxException {
        return List.of(jarOf(Channel.class), jarOf(ByteBuf.class), jarOf(Version.class), jarOf(AddressResolver.class));
    }

    private Run run(String name, List<String> command) throws IOException, InterruptedException {
        Path out = tempDir.resolve(name + ".out");
        Path err = tempDir.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        // the JVM echoes a JAVA_TOOL_OPTIONS it picks up: the environment, not a warning
        String stderr = Files.readString(err).lines().filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS:"))
                .map(l -> l + "\n").reduce("", String::concat);
        Run run = new Run(process.waitFor(), Files.readString(out), stderr);
        System.out.print("[module path: " + name + "]\n" + run.stdout() + run.stderr());
        return run;
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    @Test
    void anApplicationModuleUsesTheNettyTransportWithoutAWarning() throws Exception {
        String nettyLine = Version.identify().get("netty-transport").artifactVersion();
        String modulePath = Stream.concat(Stream.of(library()), nettyModules().stream()).map(Path::toString)
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        Path classes = tempDir.resolve("hvsock.modapp");
        List<String> javac = new ArrayList<>(List.of(tool("javac"), "-Xlint:all,-requires-automatic",
                "--module-path", modulePath, "-d", classes.toString()));
        try (Stream<Path> sources = Files.walk(APP_SOURCES.resolve("hvsock.modapp"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> javac.add(p.toString()));
        }
        Run compiled = run("javac", javac);
        assertEquals(0, compiled.exit(), "javac: " + compiled.stderr());

        List<String> java = new ArrayList<>(List.of(tool("java"), "--enable-native-access=dev.hvsock"));
        if (nettyLine.startsWith("4.1.")) {
            // Netty 4.1 as automatic modules: it finds sun.misc.Unsafe only if jdk.unsupported is in the graph
            // (else it says so at INFO), and JDK 24+ warns of its Unsafe memory access unless allowed
            // (docs/frameworks.md); neither is the library's
            java.addAll(List.of("--add-modules", "jdk.unsupported"));
            if (Runtime.version().feature() >= 24) {
                java.add("--sun-misc-unsafe-memory-access=allow");
            }
        }
        java.addAll(List.of("--module-path", classes + File.pathSeparator + modulePath,
                "-m", "hvsock.modapp/dev.hvsock.modapp.ModuleEcho", tempDir.resolve("echo.sock").toString()));
        Run echo = run("java, Netty " + nettyLine, java);
        assertEquals(0, echo.exit(), echo.stdout() + echo.stderr());
        assertTrue(echo.stdout().contains("echo: ping"), echo.stdout());
        assertTrue(echo.stdout().contains("HvNetty in dev.hvsock, Channel in io.netty.transport, ModuleEcho in "
                + "hvsock.modapp"), "every class from its named module: " + echo.stdout());
        assertEquals("", echo.stderr(), "nothing on stderr: no warning (native access, Netty, the JVM)");
    }

    @Test
    void withoutNettyTheLibrarysModuleResolvesAlone() throws Exception {
        Run run = run("resolution", List.of(tool("java"), "--module-path", library().toString(),
                "--add-modules", "dev.hvsock", "--show-module-resolution", "-version"));
        assertEquals(0, run.exit(), run.stderr());
        String resolution = run.stdout() + run.stderr();
        assertTrue(resolution.contains("root dev.hvsock"), resolution);
        assertTrue(!resolution.contains("io.netty"), "Netty is optional (requires static): " + resolution);
    }
}
