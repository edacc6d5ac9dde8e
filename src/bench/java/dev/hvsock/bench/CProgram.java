package dev.hvsock.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Builds the C contender with the machine's gcc and runs it. */
final class CProgram {
    private CProgram() {
    }

    /** Compiles {@code source} into {@code outDir}; null (with the reason on stderr) if gcc is missing or fails. */
    static Path build(Path source, Path outDir) throws IOException, InterruptedException {
        Path exe = outDir.resolve("unix_bench");
        List<String> command = List.of("gcc", "-O2", "-pthread", "-o", exe.toString(), source.toString());
        Process p;
        try {
            p = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            System.err.println("bench: no gcc, the C contender is left out: " + e.getMessage());
            return null;
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            System.err.println("bench: gcc failed, the C contender is left out: " + String.join(" ", command));
            return null;
        }
        return exe;
    }

    /** The first line of {@code gcc --version}. */
    static String gccVersion() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("gcc").trim();
        } catch (IOException | InterruptedException e) {
            return "gcc (version unknown)";
        }
    }

    /** Runs {@code exe} with {@code args} and returns its key=value output. */
    static Map<String, String> run(Path exe, Object... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = exe.toString();
        for (int i = 0; i < args.length; i++) {
            command[i + 1] = String.valueOf(args[i]);
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", command));
        }
        Map<String, String> values = new HashMap<>();
        for (String token : out.trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                values.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return values;
    }

    static double number(Map<String, String> values, String key) throws IOException {
        String v = values.get(key);
        if (v == null) {
            throw new IOException("C contender printed no " + key + ": " + values);
        }
        return Double.parseDouble(v);
    }

    static boolean exists(Path exe) {
        return exe != null && Files.isExecutable(exe);
    }
}
