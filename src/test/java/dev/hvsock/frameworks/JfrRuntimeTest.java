package dev.hvsock.frameworks;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's module requires {@code jdk.jfr} only statically: in a runtime without it (as a jlinked
 * image without the module, here {@code --limit-modules}) the channels run without events, on the class
 * path and on the module path; where it is, a recording started from the command line, as the docs show
 * (docs/observability.md), gets the events from the named module. Each case runs {@link UnixExchange} in a
 * JVM of its own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JfrRuntimeTest {
    private static final String EXCHANGED = "read 5 then -1";

    @TempDir
    Path tempDir;

    private record Run(int exit, String stdout, String stderr) {
    }

    private static String library() {
        return Path.of(System.getProperty("hvsock.classes", "target/classes")).toString();
    }

    /** This test's classes, where {@link UnixExchange} is. */
    private static String exchangeClasses() throws Exception {
        return Path.of(UnixExchange.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Run run(String name, List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(options);
        command.addAll(List.of(UnixExchange.class.getName(), tempDir.toString()));
        Path out = tempDir.resolve(name + ".out");
        Path err = tempDir.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Run run = new Run(process.waitFor(), Files.readString(out), Files.readString(err));
        System.out.print("[" + name + "]\n" + run.stdout() + run.stderr());
        return run;
    }

    @Test
    void withoutJdkJfrOnTheClassPathTheChannelsRun() throws Exception {
        Run run = run("class path, java.base only", List.of("--limit-modules", "java.base",
                "--enable-native-access=ALL-UNNAMED",
                "-cp", library() + File.pathSeparator + exchangeClasses()));
        assertEquals(0, run.exit(), run.stderr());
        assertTrue(run.stdout().contains(EXCHANGED + "; jdk.jfr absent; library in unnamed module"), run.stdout());
    }

    @Test
    void withoutJdkJfrOnTheModulePathTheChannelsRun() throws Exception {
        Run run = run("module path, java.base only", List.of("--limit-modules", "java.base,dev.hvsock",
                "--module-path", library(), "--add-modules", "dev.hvsock", "--enable-native-access=dev.hvsock",
                "-cp", exchangeClasses()));
        assertEquals(0, run.exit(), run.stderr());
        assertTrue(run.stdout().contains(EXCHANGED + "; jdk.jfr absent; library in module dev.hvsock"), run.stdout());
    }

    @Test
    void aRecordingStartedFromTheCommandLineGetsTheEventsOfTheNamedModule() throws Exception {
        Path recording = tempDir.resolve("exchange.jfr");
        StringBuilder settings = new StringBuilder("-XX:StartFlightRecording:filename=" + recording);
        for (String event : List.of("SocketRead", "SocketWrite", "SocketConnect", "SocketAccept")) {
            settings.append(",+dev.hvsock.").append(event).append("#enabled=true")
                    .append(",+dev.hvsock.").append(event).append("#threshold=0ms");
        }
        Run run = run("module path, JFR", List.of(settings.toString(), "--module-path", library(),
                "--add-modules", "dev.hvsock", "--enable-native-access=dev.hvsock", "-cp", exchangeClasses()));
        assertEquals(0, run.exit(), run.stderr());
        assertTrue(run.stdout().contains(EXCHANGED + "; jdk.jfr present; library in module dev.hvsock"), run.stdout());

        String socket = tempDir.resolve("x.sock").toString();
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().startsWith("dev.hvsock.")).toList();
        Map<String, List<RecordedEvent>> byName = events.stream()
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
        assertEquals(1, byName.get("dev.hvsock.SocketConnect").size(), events.toString());
        assertEquals(socket, byName.get("dev.hvsock.SocketConnect").get(0).getString("address"));
        assertEquals(socket, byName.get("dev.hvsock.SocketAccept").get(0).getString("localAddress"));
        assertEquals(5, byName.get("dev.hvsock.SocketWrite").get(0).getLong("bytesWritten"));
        assertEquals(List.of(5L, 0L), byName.get("dev.hvsock.SocketRead").stream().map(e -> e.getLong("bytesRead"))
                .toList());
        assertEquals(List.of(false, true), byName.get("dev.hvsock.SocketRead").stream()
                .map(e -> e.getBoolean("endOfStream")).toList());
    }
}
