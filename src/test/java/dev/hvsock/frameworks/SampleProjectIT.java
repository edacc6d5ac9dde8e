package dev.hvsock.frameworks;

import dev.hvsock.testing.VsockTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample project (src/it/netty-sample) as {@code mvn verify} built it, against the library jar just
 * packaged, once per Netty line: its {@code SampleMain} runs the line protocol through Netty and gRPC in a JVM
 * of its own, on the class path its build resolved (hvsock-nio, Netty, gRPC and nothing of this repository's
 * build), as a user's program runs; it must pass and the JVM, Netty and gRPC must print nothing on stderr,
 * where they put their warnings.
 */
class SampleProjectIT {
    private static final Path BUILDS = Path.of(System.getProperty("hvsock.sample.builds",
            "target/it/netty-sample/target"));
    /** One line per java.util.logging record, "LEVEL logger: message", then its stack trace if any. */
    private static final String LOG_FORMAT = "%4$s %3$s: %5$s%6$s%n";
    private static final Pattern LOG_RECORD =
            Pattern.compile("^(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST) (\\S+): ");

    @TempDir
    Path tempDir;

    /** What the sample printed, and how it ended. */
    private record Run(int exit, String stdout, String stderr) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"netty41", "netty42"})
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void runsOverUnixSockets(String line) throws Exception {
        Path sockets = Files.createDirectory(tempDir.resolve("sockets"));
        Run run = run(line, "unix", sockets.toString());
        assertPassed(line, run);
        assertTrue(run.stdout().contains("line protocol: HELLO, HVSOCK-NIO"), run.stdout());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"netty41", "netty42"})
    @VsockTest
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void runsOverVsock(String line) throws Exception {
        Run run = run(line, "vsock");
        assertPassed(line, run);
        assertTrue(run.stdout().contains("line protocol: HELLO OVER VSOCK"), run.stdout());
    }

    private static void assertPassed(String line, Run run) {
        assertEquals(0, run.exit(), "SampleMain's exit status; it printed:\n" + run.stdout() + run.stderr());
        assertTrue(run.stdout().lines().anyMatch("PASS"::equals), run.stdout());
        String series = line.equals("netty41") ? "4.1." : "4.2.";
        assertTrue(run.stdout().startsWith("netty-transport " + series), "ran on Netty " + series + "x: "
                + run.stdout());
        assertEquals("", run.stderr(), "nothing on stderr: no warning from the JVM, Netty or gRPC");
    }

    private Run run(String line, String... args) throws IOException, InterruptedException {
        Path build = BUILDS.resolve(line);
        Path classPathFile = build.resolve("runtime-classpath.txt");
        assumeTrue(Files.isRegularFile(classPathFile), "the sample project is not built in " + build
                + ": mvn verify builds it (maven-invoker-plugin) before it runs this test");
        String dependencies = Files.readString(classPathFile).strip();
        assertTrue(dependencies.contains("hvsock-nio-"), "the sample's class path has the library: " + dependencies);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED"));
        if (line.equals("netty41") && Runtime.version().feature() >= 24) {
            // Netty 4.1's own sun.misc.Unsafe memory access, which JDK 24+ warns of (docs/frameworks.md)
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        // the guest runs its JVMs with C1 only, for speed under emulation: so does the sample there
        for (String arg : ProcessHandle.current().info().arguments().orElse(new String[0])) {
            if (arg.startsWith("-XX:TieredStopAtLevel=")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Djava.util.logging.SimpleFormatter.format=" + LOG_FORMAT,
                "-cp", build.resolve("classes") + File.pathSeparator + dependencies, "dev.hvsock.sample.SampleMain"));
        command.addAll(List.of(args));
        Path out = tempDir.resolve(line + ".out");
        Path err = tempDir.resolve(line + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        Run run = new Run(process.waitFor(), Files.readString(out), Files.readString(err));
        System.out.print("[sample " + line + " " + String.join(" ", args) + "]\n" + run.stdout() + run.stderr());
        return new Run(run.exit(), run.stdout(), aboutTheProgram(run.stderr()));
    }

    /**
     * {@code stderr} without what is about the machine: the line in which the JVM echoes a JAVA_TOOL_OPTIONS it
     * picks up (the QEMU guest sets one), and the log records of loggers that warn about the machine
     * ({@link NettyWarnings#ABOUT_THE_MACHINE}: Netty's network probes where there is no network, as in the guest).
     */
    private static String aboutTheProgram(String stderr) {
        StringBuilder kept = new StringBuilder();
        boolean skipping = false;
        for (String l : stderr.lines().toList()) {
            Matcher record = LOG_RECORD.matcher(l);
            if (record.find()) {
                skipping = NettyWarnings.ABOUT_THE_MACHINE.contains(record.group(2));
            } else if (l.startsWith("Picked up JAVA_TOOL_OPTIONS:")) {
                continue;
            }
            if (!skipping) {
                kept.append(l).append('\n');
            }
        }
        return kept.toString();
    }
}
