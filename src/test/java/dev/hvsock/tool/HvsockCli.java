package dev.hvsock.tool;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.testing.PlatformUnderTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the {@code hvsock} command as a subprocess, the way people run it: a fresh JVM from the tool's and
 * the library's class directories. Surefire names them (hvsock.tool.classes, hvsock.classes); elsewhere
 * (the QEMU guest's console launcher) they are found next to the test classes and from the library's own
 * code source. Every wait is bounded.
 */
final class HvsockCli {
    /** Generous: inside the QEMU guest (no KVM: software emulation) a JVM takes 10-20 s just to start. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);
    /** How long a long-running command may take to say it is listening. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private HvsockCli() {
    }

    /** What a finished run left: its exit status, stdout bytes and stderr text. */
    record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        List<String> stderrLines() {
            return stderr.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + (stdoutBytes.length > 4096 ? stdoutBytes.length + " bytes"
                    : stdout()) + "\n--- stderr:\n" + stderr;
        }
    }

    static Result run(String... args) {
        return run(null, DEFAULT_TIMEOUT, args);
    }

    /** Runs to completion with {@code stdin} (null: empty), failing the test if it outlives {@code timeout}. */
    static Result run(byte[] stdin, Duration timeout, String... args) {
        Running running = start(stdin, args);
        return running.await(timeout);
    }

    /** Starts the command with {@code stdin} (null: empty) fed and closed in the background. */
    static Running start(byte[] stdin, String... args) {
        return start(List.of(), stdin, args);
    }

    /**
     * Runs to completion under {@code prefix}, a command that runs the JVM for us (e.g. {@code setpriv} with
     * another user), failing the test if it outlives the default timeout. That user gets its own readable copy
     * of the classes and starts there: the checkout may sit in a directory only its owner may enter
     * ({@code mktemp -d} makes it 0700).
     */
    static Result runUnder(List<String> prefix, String... args) {
        return start(prefix, null, args).await(DEFAULT_TIMEOUT);
    }

    private static Running start(List<String> prefix, byte[] stdin, String... args) {
        Path tool = toolClasses();
        Path library = libraryClasses();
        Path workingDirectory = null;
        if (!prefix.isEmpty()) {
            workingDirectory = ReadableCopy.of(tool, library);
            tool = workingDirectory.resolve("tool-classes");
            library = workingDirectory.resolve("classes");
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(javaExecutable(),
                "--enable-native-access=ALL-UNNAMED",
                // a short-lived tool: C1 only and serial GC start faster on a busy 2-core machine
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        if (PlatformUnderTest.overWinsockModel()) {
            // the Windows platform over the Winsock model, as in this JVM (its libraries: LD_LIBRARY_PATH, inherited)
            command.add("-Ddev.hvsock.test.platform=windows");
        }
        command.addAll(List.of("-cp", tool + java.io.File.pathSeparator + library, "dev.hvsock.tool.Main"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            Process process = builder.start();
            return new Running(process, stdin);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** A started command: its output is collected as it comes, lines of each stream are queued for waiting. */
    static final class Running implements AutoCloseable {
        final Process process;
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final StringBuilder stderr = new StringBuilder();
        private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> stderrLines = new LinkedBlockingQueue<>();
        private final Thread stdoutReader;
        private final Thread stderrReader;

        private Running(Process process, byte[] stdin) {
            this.process = process;
            Thread.ofPlatform().daemon().name("cli-stdin").start(() -> feed(process.getOutputStream(), stdin));
            stdoutReader = Thread.ofPlatform().daemon().name("cli-stdout")
                    .start(() -> collect(process.getInputStream(), stdout, null, stdoutLines));
            stderrReader = Thread.ofPlatform().daemon().name("cli-stderr")
                    .start(() -> collect(process.getErrorStream(), null, stderr, stderrLines));
        }

        private static void feed(OutputStream in, byte[] bytes) {
            try (in) {
                if (bytes != null) {
                    in.write(bytes);
                }
            } catch (IOException ignored) {
                // the command stopped reading; its exit status and output tell what happened
            }
        }

        private static void collect(InputStream from, ByteArrayOutputStream bytes, StringBuilder text,
                                    BlockingQueue<String> lines) {
            byte[] buffer = new byte[64 * 1024];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (from) {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    if (bytes != null) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            String s = line.toString(StandardCharsets.UTF_8);
                            line.reset();
                            if (text != null && isLauncherNotice(s)) {
                                continue;
                            }
                            if (text != null) {
                                synchronized (text) {
                                    text.append(s).append('\n');
                                }
                            }
                            lines.add(s);
                        } else if (line.size() < 8192) {
                            line.write(buffer[i]);
                        }
                    }
                }
                if (text != null && line.size() > 0) {
                    synchronized (text) {
                        text.append(line.toString(StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }

        /**
         * The JVM's own "Picked up JAVA_TOOL_OPTIONS: ..." on stderr (the QEMU guest harness sets that
         * variable): not the command's output.
         */
        private static boolean isLauncherNotice(String line) {
            return line.startsWith("Picked up JAVA_TOOL_OPTIONS:") || line.startsWith("Picked up JDK_JAVA_OPTIONS:")
                    || line.startsWith("Picked up _JAVA_OPTIONS:");
        }

        /** Waits for a stdout line matching {@code wanted} and returns it. */
        String awaitStdoutLine(Predicate<String> wanted, Duration timeout) {
            return awaitLine(stdoutLines, stdoutReader, "stdout", wanted, timeout);
        }

        /** Waits for a stderr line matching {@code wanted} and returns it. */
        String awaitStderrLine(Predicate<String> wanted, Duration timeout) {
            return awaitLine(stderrLines, stderrReader, "stderr", wanted, timeout);
        }

        private String awaitLine(BlockingQueue<String> lines, Thread reader, String stream, Predicate<String> wanted,
                                 Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    String line = left > 0 ? lines.poll(Math.min(left, 100_000_000L), TimeUnit.NANOSECONDS) : null;
                    if (line != null && wanted.test(line)) {
                        return line;
                    }
                    if (line == null && (left <= 0 || !reader.isAlive() && lines.isEmpty())) {
                        process.destroyForcibly();
                        fail("no matching line on " + stream + " within " + timeout + "; the command "
                                + (process.isAlive() ? "is still running" : "ended") + "\n" + snapshot());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** What the command printed on stderr so far, for failure messages. */
        String stderrSoFar() {
            synchronized (stderr) {
                return stderr.toString();
            }
        }

        /** Waits for the command to end by itself. */
        Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    fail("hvsock did not finish within " + timeout + "\n" + snapshot());
                }
                stdoutReader.join(10_000);
                stderrReader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return snapshot();
        }

        /** Asks the command to stop (SIGTERM on Linux: shutdown hooks run) and waits for it. */
        Result terminate(Duration timeout) {
            // Through the handle: Process.destroy() would also close our ends of its pipes, losing what the
            // command prints while it shuts down.
            process.toHandle().destroy();
            return await(timeout);
        }

        private Result snapshot() {
            byte[] out;
            synchronized (stdout) {
                out = stdout.toByteArray();
            }
            String err;
            synchronized (stderr) {
                err = stderr.toString();
            }
            return new Result(process.isAlive() ? -1 : process.exitValue(), out, err);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java").toString();
    }

    static Path toolClasses() {
        String configured = System.getProperty("hvsock.tool.classes");
        Path dir = configured != null ? Path.of(configured)
                : codeSource(HvsockCli.class).resolveSibling("tool-classes");
        if (!Files.isDirectory(dir.resolve("dev/hvsock/tool"))) {
            fail("the hvsock tool classes are not in " + dir + ": build with mvn compile (or set hvsock.tool.classes)");
        }
        return dir;
    }

    static Path libraryClasses() {
        String configured = System.getProperty("hvsock.classes");
        return configured != null ? Path.of(configured) : codeSource(HvSelectorProvider.class);
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
