package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.ffi.linux.LibC;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The layouts are asserted, not assumed: for each Linux target there are bindings for, a C program is
 * generated that prints the size of every struct {@link LinuxStructs} holds, the offset and size of each of
 * its fields, and the value of every constant {@code jextract-config/linux/libc.args} includes; it is
 * compiled by that target's gcc ({@code x86_64-linux-gnu-gcc}, {@code aarch64-linux-gnu-gcc}: Debian's
 * {@code gcc}, {@code gcc-aarch64-linux-gnu}) against the same wrapper header jextract reads, and run (the
 * other architecture's through {@code qemu-<arch>-static}). Its output must be what the Java layouts and
 * {@link LibC} say. A target whose compiler or emulator is missing is aborted, saying which.
 */
@EnabledOnOs(OS.LINUX)
class LinuxStructsTest {
    private static final Path CONFIG = Path.of("jextract-config", "linux");

    @ParameterizedTest(name = "linux-{0}")
    @ValueSource(strings = {"x86_64", "aarch64"})
    void everyLayoutAndConstantIsWhatTheTargetsCompilerSays(String arch, @TempDir Path dir)
            throws IOException, InterruptedException {
        LinuxStructs structs = LinuxStructs.forArch(arch);
        assertEquals("linux-" + arch, structs.target());
        List<String> constants = constants();
        assertTrue(constants.size() > 80, "the constants of libc.args: " + constants.size());

        Path source = dir.resolve("layouts.c");
        Files.writeString(source, program(structs, constants));
        Path exe = dir.resolve("layouts-" + arch);
        compile(arch, source, exe);
        List<String> compiled = run(arch, exe);

        assertEquals(String.join("\n", expected(structs, constants)), String.join("\n", compiled));
    }

    @Test
    void theRunningTargetIsTheOneOfOsArch() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String expected = arch.equals("amd64") ? "linux-x86_64" : "linux-" + arch;
        assertEquals(expected, LinuxStructs.CURRENT.target());
    }

    @Test
    void epollEventIsPackedOnX8664Only() {
        // what the generated code must say (the compiler test above checks it is what gcc says)
        GroupLayout x86 = LinuxStructs.forArch("amd64").epollEvent();
        GroupLayout arm = LinuxStructs.forArch("aarch64").epollEvent();
        assertEquals(12, x86.byteSize());
        assertEquals(4, LinuxStructs.offset(x86, "data"));
        assertEquals(16, arm.byteSize());
        assertEquals(8, LinuxStructs.offset(arm, "data"));
    }

    @Test
    void anArchitectureWithoutBindingsIsRefusedNamingTheSupportedOnes() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> LinuxStructs.forArch("riscv64"));
        assertEquals("hvsock-nio's Linux bindings are generated for linux-x86_64, linux-aarch64, not linux-riscv64",
                e.getMessage());
    }

    /** The structs the library uses: every {@link GroupLayout} component of {@link LinuxStructs}. */
    private static List<GroupLayout> layouts(LinuxStructs structs) {
        List<GroupLayout> layouts = new ArrayList<>();
        for (RecordComponent c : LinuxStructs.class.getRecordComponents()) {
            if (c.getType() == GroupLayout.class) {
                try {
                    layouts.add((GroupLayout) c.getAccessor().invoke(structs));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertTrue(layouts.size() >= 6, "structs found: " + layouts.size());
        return layouts;
    }

    private static List<String> constants() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(CONFIG.resolve("libc.args"))) {
            if (line.startsWith("--include-constant ")) {
                names.add(line.substring("--include-constant ".length()).strip());
            }
        }
        return names;
    }

    private static String program(LinuxStructs structs, List<String> constants) {
        StringBuilder c = new StringBuilder();
        c.append("#include \"hvsock_linux.h\"\n#include <stddef.h>\n#include <stdio.h>\n\nint main(void) {\n");
        for (GroupLayout layout : layouts(structs)) {
            String struct = "struct " + layout.name().orElseThrow();
            c.append("    printf(\"sizeof ").append(struct).append(" %zu\\n\", sizeof(").append(struct).append("));\n");
            for (MemoryLayout member : layout.memberLayouts()) {
                if (member instanceof PaddingLayout) {
                    continue;
                }
                String field = member.name().orElseThrow();
                c.append("    printf(\"").append(struct).append('.').append(field).append(" offset %zu size %zu\\n\", ")
                        .append("offsetof(").append(struct).append(", ").append(field).append("), ")
                        .append("sizeof(((").append(struct).append(" *) 0)->").append(field).append("));\n");
            }
        }
        for (String name : constants) {
            // an unsigned or 32-bit constant as the bit pattern of its own width, as jextract holds it
            c.append("    printf(\"").append(name).append(" %lld\\n\", sizeof(").append(name)
                    .append(") == 4 ? (long long) (int) (").append(name).append(") : (long long) (").append(name)
                    .append("));\n");
        }
        return c.append("    return 0;\n}\n").toString();
    }

    private static List<String> expected(LinuxStructs structs, List<String> constants) {
        List<String> lines = new ArrayList<>();
        for (GroupLayout layout : layouts(structs)) {
            String struct = "struct " + layout.name().orElseThrow();
            lines.add("sizeof " + struct + " " + layout.byteSize());
            for (MemoryLayout member : layout.memberLayouts()) {
                if (member instanceof PaddingLayout) {
                    continue;
                }
                String field = member.name().orElseThrow();
                lines.add(struct + "." + field + " offset " + LinuxStructs.offset(layout, field) + " size "
                        + member.byteSize());
            }
        }
        for (String name : constants) {
            lines.add(name + " " + constant(name));
        }
        return lines;
    }

    private static long constant(String name) {
        try {
            Object value = LibC.class.getMethod(name).invoke(null);
            return ((Number) value).longValue();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("LibC has no constant " + name, e);
        }
    }

    private static void compile(String arch, Path source, Path exe) throws IOException, InterruptedException {
        // static: the aarch64 program runs under qemu-aarch64-static without an arm64 root
        List<String> command = List.of(arch + "-linux-gnu-gcc", "-static", "-O0",
                "-I", CONFIG.toAbsolutePath().toString(), "-o", exe.toString(), source.toString());
        Process build;
        try {
            build = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            abort("no C compiler for linux-" + arch + " (" + e.getMessage() + "); Debian: gcc"
                    + (arch.equals("aarch64") ? "-aarch64-linux-gnu" : "") + ", libc6-dev"
                    + (arch.equals("aarch64") ? "-arm64-cross" : ""));
            throw e;
        }
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!build.waitFor(120, TimeUnit.SECONDS) || build.exitValue() != 0) {
            build.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    /**
     * Runs {@code exe} under {@code qemu-<arch>-static} where that is installed (this JVM may itself be emulated,
     * and then cannot start another architecture's program directly), else natively on its own architecture.
     */
    private static List<String> run(String arch, Path exe) throws IOException, InterruptedException {
        Process run;
        try {
            run = new ProcessBuilder("qemu-" + arch + "-static", exe.toString()).redirectErrorStream(true).start();
        } catch (IOException noQemu) {
            String running = System.getProperty("os.arch").toLowerCase(Locale.ROOT).replace("amd64", "x86_64");
            if (!running.equals(arch)) {
                abort("cannot run a linux-" + arch + " program on " + running + " without qemu-" + arch
                        + "-static (Debian: qemu-user-static): " + noQemu.getMessage());
            }
            run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        }
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(120, TimeUnit.SECONDS) || run.exitValue() != 0) {
            run.destroyForcibly();
            throw new IOException(exe + " failed: " + output);
        }
        return output.lines().toList();
    }
}
