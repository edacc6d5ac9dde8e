package dev.hvsock.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.abort;

/**
 * What the kernel tells a C program about this machine's CID: {@code vsock_local_cid.c} (a test resource),
 * compiled with the machine's gcc at test time and run, as the benchmarks build their C contender. An
 * independent answer to compare the library's with, instead of a number written into the test.
 */
public final class LocalCidOracle {
    /** The program's answer: {@code cid=N}, {@code open-errno=N} or {@code ioctl-errno=N}. */
    public record Answer(String key, long value) {
        public boolean isCid() {
            return key.equals("cid");
        }
    }

    private LocalCidOracle() {
    }

    /** Builds the program in {@code dir} and runs it; aborts the test, saying why, where gcc is missing. */
    public static Answer ask(Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve("vsock_local_cid.c");
        try (InputStream in = LocalCidOracle.class.getResourceAsStream("vsock_local_cid.c")) {
            if (in == null) {
                throw new IOException("test resource vsock_local_cid.c not found next to " + LocalCidOracle.class);
            }
            Files.copy(in, source);
        }
        Path exe = dir.resolve("vsock_local_cid");
        List<String> gcc = List.of("gcc", "-O2", "-o", exe.toString(), source.toString());
        Process build;
        try {
            build = new ProcessBuilder(gcc).redirectErrorStream(true).start();
        } catch (IOException e) {
            abort("no gcc to build the C oracle for the local CID (" + e.getMessage() + ")");
            throw e;
        }
        String buildOutput = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!build.waitFor(120, TimeUnit.SECONDS) || build.exitValue() != 0) {
            build.destroyForcibly();
            throw new IOException(String.join(" ", gcc) + " failed: " + buildOutput);
        }
        Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!run.waitFor(30, TimeUnit.SECONDS) || run.exitValue() != 0) {
            run.destroyForcibly();
            throw new IOException(exe + " failed: " + output);
        }
        int eq = output.indexOf('=');
        if (eq < 0) {
            throw new IOException(exe + " printed no answer: " + output);
        }
        return new Answer(output.substring(0, eq), Long.parseLong(output.substring(eq + 1)));
    }
}
