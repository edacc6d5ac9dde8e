package dev.hvsock.tool;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command as the build packages it (target/hvsock, hvsock.cmd, hvsock.jar beside the library jar), after
 * {@code package}: the launcher script finds a JDK 24+ by itself when an older java is first on the PATH and
 * JAVA_HOME is unset (it used to run that java, which exited 6 advising the script that had just run), refuses
 * an older HVSOCK_JAVA by name, and names HVSOCK_JAVA when it finds no JDK; hvsock.jar without the library jar
 * beside it names the missing jar (it used to fail with "internal error: dev/hvsock/VsockAddress").
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LauncherIT {
    private static final int REQUIRED_JAVA = 24;
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]*)\"");
    private static final Pattern TOOK = Pattern.compile("(?m)^hvsock: java: (.+) \\(Java (\\d+), [^)]*\\)$");

    @TempDir
    Path tempDir;
    /** Links to JDKs outside tempDir, removed before JUnit deletes tempDir (which warns of such links). */
    private final List<Path> links = new ArrayList<>();

    @AfterEach
    void removeLinks() throws IOException {
        for (Path link : links) {
            Files.deleteIfExists(link);
        }
    }

    private void link(Path link, Path target) throws IOException {
        Files.createSymbolicLink(link, target);
        links.add(link);
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    /** The build directory: the parent of this class's test-classes directory. */
    private static Path buildDir() throws URISyntaxException {
        return Path.of(LauncherIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    private static Path packaged(String name) throws URISyntaxException {
        Path file = buildDir().resolve(name);
        assertTrue(Files.exists(file), file + " is missing: this test runs after mvn package");
        return file;
    }

    private Run run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeAll(List.of("JAVA_HOME", "HVSOCK_JAVA", "HVSOCK_JAVA_OPTS",
                "HVSOCK_JDK_DIRS"));
        builder.environment().putAll(environment);
        Path in = Files.createTempFile(tempDir, "in", ".txt"); // empty: connect half-closes at once
        Path out = Files.createTempFile(tempDir, "out", ".txt");
        Path err = Files.createTempFile(tempDir, "err", ".txt");
        Process process = builder.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // the JVM echoes a JAVA_TOOL_OPTIONS it picks up: the environment, not the launcher's output
        String stderr = Files.readString(err).lines().filter(l -> !l.startsWith("Picked up "))
                .map(l -> l + "\n").reduce("", String::concat);
        Run run = new Run(process.exitValue(), Files.readString(out), stderr);
        System.out.print("[" + String.join(" ", command) + "] exit " + run.exit() + "\n" + run.stdout() + run.stderr());
        return run;
    }

    /** The feature version a JDK's release file gives, if it has one. */
    private static Optional<Integer> featureOf(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Matcher m = JAVA_VERSION.matcher(Files.readString(release));
        if (!m.find()) {
            return Optional.empty();
        }
        String version = m.group(1).startsWith("1.") ? m.group(1).substring(2) : m.group(1);
        return Optional.of(Integer.parseInt(version.replaceAll("[^0-9].*", "")));
    }

    /**
     * A java older than 24 and its version: the machine's /usr/bin/java if it is one (here Java 17), else a
     * stand-in JDK whose release file says 17 and whose java fails loudly if anything runs it.
     */
    private record OldJava(Path executable, int feature) {
    }

    /** The machine's /usr/bin/java if it is older than 24 (here Java 17). */
    private static Optional<OldJava> systemOlderJava() throws IOException {
        Path system = Path.of("/usr/bin/java");
        if (Files.isExecutable(system)) {
            Optional<Integer> feature = featureOf(system.toRealPath().getParent().getParent());
            if (feature.isPresent() && feature.get() < REQUIRED_JAVA) {
                return Optional.of(new OldJava(system, feature.get()));
            }
        }
        return Optional.empty();
    }

    private OldJava olderJava() throws IOException {
        Optional<OldJava> system = systemOlderJava();
        if (system.isPresent()) {
            return system.get();
        }
        Path home = Files.createDirectories(tempDir.resolve("jdk-17"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.2\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'the stand-in Java 17 ran' >&2\nexit 97\n");
        assertTrue(java.toFile().setExecutable(true));
        return new OldJava(java, 17);
    }

    /** A PATH whose first java is {@code java}, then the system's tools. */
    private Path pathDirectoryWith(Path java) throws IOException {
        Path bin = Files.createDirectories(tempDir.resolve("old-bin"));
        link(bin.resolve("java"), java);
        return bin;
    }

    /** Connects with {@code connect -v} to a JDK Unix listener that accepts and closes: a whole run of a command. */
    private Run connectThroughLauncher(List<String> launcher, Map<String, String> environment) throws Exception {
        Path socket = tempDir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                try (SocketChannel peer = server.accept()) {
                    peer.shutdownOutput();
                } catch (IOException ignored) {
                    // the run's exit status and output tell what happened
                }
            });
            List<String> command = new ArrayList<>(launcher);
            command.addAll(List.of("connect", "-v", "unix:" + socket));
            Run run = run(command, environment);
            acceptor.join(10_000);
            return run;
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "target/hvsock is the launcher for sh (Linux, macOS); "
            + "Windows runs hvsock.cmd, tested below")
    void theShellLauncherFindsAJdk24WhenAnOlderJavaIsFirstOnThePathAndJavaHomeIsUnset() throws Exception {
        OldJava old = olderJava();
        // A home whose ~/.sdkman holds the JDK running this test: where the script looks when the machine keeps
        // its JDKs elsewhere (a CI's tool cache); here /usr/lib/jvm has JDK 25 as well
        Path home = Files.createDirectories(tempDir.resolve("home"));
        Path candidates = Files.createDirectories(home.resolve(".sdkman/candidates/java"));
        link(candidates.resolve("test-jdk"), Path.of(System.getProperty("java.home")));
        Run run = connectThroughLauncher(List.of(packaged("hvsock").toString()), Map.of(
                "PATH", pathDirectoryWith(old.executable()) + File.pathSeparator + "/usr/bin:/bin",
                "HOME", home.toString()));

        assertEquals(0, run.exit(), run.stdout() + run.stderr());
        assertTrue(run.stderr().contains("hvsock: passed over: java on the PATH is Java " + old.feature() + " ("),
                run.stderr());
        Matcher took = TOOK.matcher(run.stderr());
        assertTrue(took.find(), "-v says which java it took: " + run.stderr());
        Path taken = Path.of(took.group(1)).toRealPath();
        int feature = Integer.parseInt(took.group(2));
        assertTrue(feature >= REQUIRED_JAVA, took.group());
        assertEquals(Optional.of(feature), featureOf(taken.getParent().getParent()), "the version it says: " + taken);
        assertFalse(taken.equals(old.executable().toRealPath()), "not the old java: " + taken);
        assertTrue(run.stderr().contains("connected to unix:" + tempDir.resolve("s.sock")), run.stderr());
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "target/hvsock is the launcher for sh; hvsock.cmd below")
    void theShellLauncherRefusesAnOlderHvsockJavaByName() throws Exception {
        OldJava old = olderJava();
        Run run = run(List.of(packaged("hvsock").toString(), "address", "loopback:5000"),
                Map.of("HVSOCK_JAVA", old.executable().toString()));
        assertEquals(6, run.exit(), run.stdout() + run.stderr());
        assertEquals("", run.stdout());
        assertEquals(List.of("hvsock: HVSOCK_JAVA is Java " + old.feature() + " (" + old.executable() + "), hvsock "
                + "needs Java 24 or newer: point HVSOCK_JAVA at the java of a newer JDK, or unset it to let this "
                + "script find one"), run.stderr().lines().toList());
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "target/hvsock is the launcher for sh; hvsock.cmd below")
    void theShellLauncherNamesHvsockJavaWhenItFindsNoJdk() throws Exception {
        OldJava old = olderJava();
        Path noJdks = Files.createDirectories(tempDir.resolve("no-jdks"));
        Run run = run(List.of(packaged("hvsock").toString(), "address", "loopback:5000"), Map.of(
                "PATH", pathDirectoryWith(old.executable()) + File.pathSeparator + "/usr/bin:/bin",
                "HVSOCK_JDK_DIRS", noJdks.toString()));
        assertEquals(6, run.exit(), run.stdout() + run.stderr());
        List<String> lines = run.stderr().lines().toList();
        assertEquals(1, lines.size(), run.stderr());
        assertTrue(lines.getFirst().startsWith("hvsock: needs Java 24 or newer and found none: JAVA_HOME is not set, "
                + "java on the PATH is Java " + old.feature()), lines.getFirst());
        assertTrue(lines.getFirst().contains("no JDK 24+ in " + noJdks + ". Set HVSOCK_JAVA to the java of a JDK 24 "
                + "or newer"), lines.getFirst());
    }

    @Test
    void anOlderJavaRunningHvsockJarIsToldWhatToRun() throws Exception {
        Optional<OldJava> system = systemOlderJava();
        assumeTrue(system.isPresent(), "needs a real Java older than 24 at /usr/bin/java");
        OldJava old = system.get();
        String jar = packaged("hvsock.jar").toString();

        Run direct = run(List.of(old.executable().toString(), "-jar", jar, "address", "loopback:5000"), Map.of());
        assertEquals(6, direct.exit(), direct.stdout() + direct.stderr());
        assertTrue(direct.stderr().startsWith("hvsock: needs Java 24 or newer, but this is Java " + old.feature()),
                direct.stderr());
        assertTrue(direct.stderr().contains("or run the hvsock launcher beside hvsock.jar, which finds a JDK 24+ by "
                + "itself (HVSOCK_JAVA names one)"), direct.stderr());

        // as the launcher runs it (it could not tell this java's version): no advice to run the launcher
        Run fromScript = run(List.of(old.executable().toString(), "-Dhvsock.launcher=script", "-jar", jar,
                "address", "loopback:5000"), Map.of());
        assertEquals(6, fromScript.exit(), fromScript.stdout() + fromScript.stderr());
        assertTrue(fromScript.stderr().contains("; set HVSOCK_JAVA to the java of a JDK 24 or newer"),
                fromScript.stderr());
        assertFalse(fromScript.stderr().contains("launcher beside"), fromScript.stderr());
    }

    @Test
    void hvsockJarWithoutTheLibraryJarBesideItNamesTheMissingJar() throws Exception {
        Path jar = packaged("hvsock.jar");
        String classPath;
        try (JarFile file = new JarFile(jar.toFile())) {
            classPath = file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        }
        assertTrue(classPath.matches("hvsock-nio-.+\\.jar"), "hvsock.jar's Class-Path: " + classPath);
        Path alone = Files.createDirectories(tempDir.resolve("alone"));
        Files.copy(jar, alone.resolve("hvsock.jar"));
        List<String> command = List.of(HvsockCli.javaExecutable(), "-jar", alone.resolve("hvsock.jar").toString(),
                "address", "vsock:1:5000");

        Run missing = run(command, Map.of());
        assertEquals(1, missing.exit(), missing.stdout() + missing.stderr());
        assertEquals(List.of("hvsock: the hvsock-nio library jar " + classPath + " is missing: hvsock.jar needs it "
                + "beside itself, in " + alone + " (its manifest's Class-Path names it); copy it there from the "
                + "build's target directory, where mvn package leaves both"), missing.stderr().lines().toList());

        Files.copy(packaged(classPath), alone.resolve(classPath), StandardCopyOption.COPY_ATTRIBUTES);
        Run whole = run(command, Map.of());
        assertEquals(0, whole.exit(), "with the library jar beside it: " + whole.stdout() + whole.stderr());
        assertTrue(whole.stdout().contains("address:       vsock:1:5000"), whole.stdout());
    }

    @Test
    void theCommandWithoutTheLibraryOnItsClassPathSaysSo() throws Exception {
        Run run = run(List.of(HvsockCli.javaExecutable(), "-cp", HvsockCli.toolClasses().toString(),
                "dev.hvsock.tool.Main", "address", "vsock:1:5000"), Map.of());
        assertEquals(1, run.exit(), run.stdout() + run.stderr());
        assertTrue(run.stderr().startsWith("hvsock address: the hvsock-nio library is not on the class path (no class "
                + "dev.hvsock."), run.stderr());
        assertFalse(run.stderr().contains("internal error"), run.stderr());
    }

    /**
     * hvsock.cmd keeps CRLF line ends on every line, wherever it is checked out: cmd.exe misreads labels and
     * {@code goto} targets in a file with bare LF ends (the reason the Windows launcher is kept CRLF in git).
     */
    @Test
    void hvsockCmdHasCrlfLineEnds() throws Exception {
        byte[] bytes = Files.readAllBytes(packaged("hvsock.cmd"));
        String text = new String(bytes, StandardCharsets.US_ASCII);
        assertTrue(text.endsWith("\r\n"), "ends with CRLF");
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertTrue(i > 0 && bytes[i - 1] == '\r', "bare LF at byte " + i);
            }
        }
        assertTrue(text.contains("HVSOCK_JAVA"), "honours HVSOCK_JAVA");
    }

    @Test
    @EnabledOnOs(value = OS.WINDOWS, disabledReason = "hvsock.cmd runs in cmd.exe")
    void hvsockCmdRunsTheHvsockJavaItIsGiven() throws Exception {
        Path java = Path.of(HvsockCli.javaExecutable());
        Run run = connectThroughLauncher(List.of(packaged("hvsock.cmd").toString()),
                Map.of("HVSOCK_JAVA", java.toString()));
        assertEquals(0, run.exit(), run.stdout() + run.stderr());
        assertTrue(run.stderr().contains("hvsock: java: " + java + " (Java " + Runtime.version().feature()
                + ", from HVSOCK_JAVA)"), run.stderr());
    }

    @Test
    @EnabledOnOs(value = OS.WINDOWS, disabledReason = "hvsock.cmd runs in cmd.exe")
    void hvsockCmdRefusesAnOlderHvsockJavaByName() throws Exception {
        // a stand-in JDK: its release file says 17; its java.exe is never run (the script refuses it first)
        Path home = Files.createDirectories(tempDir.resolve("jdk-17"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.2\"\r\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java.exe");
        Files.writeString(java, "not a program");
        Run run = run(List.of(packaged("hvsock.cmd").toString(), "address", "loopback:5000"),
                Map.of("HVSOCK_JAVA", java.toString()));
        assertEquals(6, run.exit(), run.stdout() + run.stderr());
        assertTrue(run.stderr().contains("hvsock: HVSOCK_JAVA is Java 17 (" + java + "), hvsock needs Java 24 or "
                + "newer"), run.stderr());
    }

    @Test
    @EnabledOnOs(value = OS.WINDOWS, disabledReason = "hvsock.cmd runs in cmd.exe")
    void hvsockCmdFindsAJdk24FromJavaHome() throws Exception {
        Run run = connectThroughLauncher(List.of(packaged("hvsock.cmd").toString()),
                Map.of("JAVA_HOME", System.getProperty("java.home")));
        assertEquals(0, run.exit(), run.stdout() + run.stderr());
        assertTrue(run.stderr().contains("(Java " + Runtime.version().feature() + ", from JAVA_HOME)"), run.stderr());
    }
}
