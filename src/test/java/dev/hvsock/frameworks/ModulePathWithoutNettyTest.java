package dev.hvsock.frameworks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library as a named module in an application that has no Netty at all: an application module
 * (src/test/modules/hvsock.plainapp, {@code requires dev.hvsock;} and nothing else) is compiled with
 * {@code javac} and run with only the library's classes on the module path. With {@code requires static
 * transitive io.netty.*} in the library's module-info, javac failed here with "module not found:
 * io.netty.common"; ModulePathTest covers the application that does use Netty.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModulePathWithoutNettyTest {
    private static final Path APP_SOURCES = Path.of(System.getProperty("basedir", "."),
            "src/test/modules/hvsock.plainapp");

    @TempDir
    Path tempDir;

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Path library() {
        return Path.of(System.getProperty("hvsock.classes", "target/classes"));
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
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
        System.out.print("[module path without Netty: " + name + "]\n" + run.stdout() + run.stderr());
        return run;
    }

    @Test
    void aModuleThatRequiresOnlyTheLibraryCompilesAndRuns() throws Exception {
        Path classes = tempDir.resolve("hvsock.plainapp");
        List<String> javac = new ArrayList<>(List.of(tool("javac"), "-Xlint:all", "--module-path",
                library().toString(), "-d", classes.toString()));
        try (Stream<Path> sources = Files.walk(APP_SOURCES)) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> javac.add(p.toString()));
        }
        Run compiled = run("javac", javac);
        assertEquals(0, compiled.exit(), "javac: " + compiled.stderr());
        assertEquals("", compiled.stderr(), "javac warns of nothing");

        Run echo = run("java", List.of(tool("java"), "--enable-native-access=dev.hvsock",
                "--module-path", classes + File.pathSeparator + library(),
                "-m", "hvsock.plainapp/dev.hvsock.plainapp.PlainEcho", tempDir.resolve("echo.sock").toString()));
        assertEquals(0, echo.exit(), echo.stdout() + echo.stderr());
        assertTrue(echo.stdout().contains("echo: ping\n"), echo.stdout());
        assertTrue(echo.stdout().contains("HvSelectorProvider in dev.hvsock, PlainEcho in hvsock.plainapp"),
                "every class from its named module: " + echo.stdout());
        assertTrue(echo.stdout().contains("netty modules: 0"), "no Netty module resolved: " + echo.stdout());
        assertEquals("", echo.stderr(), "nothing on stderr: no warning (native access, the JVM)");
    }
}
