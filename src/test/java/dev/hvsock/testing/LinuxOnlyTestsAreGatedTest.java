package dev.hvsock.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same suite runs on Windows (.github/workflows/ci.yml), so a test that reads {@code /proc} or expects
 * Linux's errno names and texts must be gated or OS-aware. This keeps it so: every such line of the test
 * sources is in a test (or class) gated to Linux ({@link LinuxHostTest}, {@link VsockTest},
 * {@code @EnabledOnOs(... OS.LINUX ...)}), or under a conformance feature that the Windows fixtures lack
 * ({@code FULL_BACKLOG_*}, see {@code UnixFixture.lacksOnWindows}), or picks its expectation by
 * {@link PlatformUnderTest}, or is in a file listed below with the reason it is portable.
 */
class LinuxOnlyTestsAreGatedTest {
    private static final Path TESTS = Path.of("src/test/java");

    /** What only Linux shows: its /proc, its errno names (not WSAE*), its strerror texts, the /proc readers. */
    static final Pattern LINUX_ONLY = Pattern.compile("/proc/"
            + "|(?<!WSA)\\b(EPIPE|ECONNRESET|ECONNREFUSED|ENOENT|EAGAIN|EADDRINUSE|ENOTCONN|EBADF)\\b"
            + "|Broken pipe|Connection reset by peer|No such file or directory|Resource temporarily unavailable"
            + "|\\bProcessResources\\.|\\bFdSnapshot\\.");

    /** A gate on a test or class: it runs on Linux only, or the Windows fixtures lack what it needs. */
    private static final Pattern GATE = Pattern.compile("@LinuxHostTest\\(|@VsockTest\\b"
            + "|@EnabledOnOs\\([^)]*OS\\.LINUX|@Requires\\(\\{?Feature\\.FULL_BACKLOG_");

    /** Files that mention such things portably, and why. */
    private static final Map<String, String> PORTABLE = Map.ofEntries(
            Map.entry("dev/hvsock/testing/LinuxHostFeature.java",
                    "the probe that decides the gate"),
            Map.entry("dev/hvsock/testing/LinuxOnlyTestsAreGatedTest.java",
                    "this check"),
            Map.entry("dev/hvsock/reliability/ProcessResources.java",
                    "the /proc reader; its callers are gated"),
            Map.entry("dev/hvsock/reliability/Soak.java",
                    "called by SoakTest and VsockReliabilityTest, both gated"),
            Map.entry("dev/hvsock/frameworks/FdSnapshot.java",
                    "the /proc reader; says whether it is available()"),
            Map.entry("dev/hvsock/frameworks/NettyTransportTest.java",
                    "checks descriptors only if FdSnapshot.available()"),
            Map.entry("dev/hvsock/frameworks/VirtualThreadServerTest.java",
                    "reads /proc/self/limits only if it is readable"),
            Map.entry("dev/hvsock/conformance/KeyLifecycleContract.java",
                    "reads /proc/self/fd only where it exists, else null"),
            Map.entry("dev/hvsock/conformance/UnixFixture.java",
                    "quotes the JDK's Linux messages in its reasons for a skip"),
            Map.entry("dev/hvsock/internal/channel/AcceptedPeerAddressTest.java",
                    "a fake platform's error, not the OS's"),
            Map.entry("dev/hvsock/windows/model/WinsockModelFaultTest.java",
                    "runs only over the Winsock model, on Linux: checks a handle is no /proc fd, and no EPIPE"),
            Map.entry("dev/hvsock/tool/CliUsageTest.java",
                    "picks the JDK's TCP error name by the real OS (os.name)"));

    @Test
    void linuxOnlyExpectationsAreGatedOrOsAware() throws IOException {
        List<String> ungated = new ArrayList<>();
        int gatedOrAware = 0;
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String relative = TESTS.relativize(file).toString().replace('\\', '/');
                if (PORTABLE.containsKey(relative) || relative.startsWith("dev/hvsock/internal/platform/linux/")
                        || relative.startsWith("dev/hvsock/linux/")) {
                    continue;
                }
                List<String> lines = withoutComments(Files.readString(file)).lines().toList();
                for (int i = 0; i < lines.size(); i++) {
                    if (!LINUX_ONLY.matcher(lines.get(i)).find()) {
                        continue;
                    }
                    if (lines.get(i).contains("PlatformUnderTest.") || gated(lines, i)) {
                        gatedOrAware++;
                    } else {
                        ungated.add(relative + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), ungated, "Linux-only expectations in tests that also run on Windows: gate the test "
                + "(@LinuxHostTest) or pick the expectation by PlatformUnderTest");
        assertTrue(gatedOrAware > 10, "the check found the gated expectations (" + gatedOrAware + "): it looks");
    }

    @Test
    void theCheckFlagsWhatItShould() {
        List<String> source = List.of("class T {", "    @Test", "    void a() {",
                "        assertTrue(e.getMessage().contains(\"EPIPE\"));", "    }", "",
                "    @LinuxHostTest(LinuxHostFeature.LINUX_SOCKETS)", "    @Test", "    void b() {",
                "        assertTrue(e.getMessage().contains(\"EPIPE\"));", "    }", "}");
        assertTrue(LINUX_ONLY.matcher(source.get(3)).find());
        assertTrue(!gated(source, 3), "an ungated test method");
        assertTrue(gated(source, 9), "a gated test method");
        assertTrue(!LINUX_ONLY.matcher("contains(\"WSAECONNRESET\")").find(), "Windows' names are no Linux names");
        assertEquals("a\n\nb", withoutComments("a\n/* EPIPE\n */b"));
    }

    /**
     * Whether line {@code at} lies in a member whose annotations (the lines above its declaration, at
     * member indentation) hold a gate, or in a top-level type whose annotations do.
     */
    static boolean gated(List<String> lines, int at) {
        int member = -1;
        for (int i = at; i >= 0; i--) {
            String line = lines.get(i);
            if (member < 0 && line.startsWith("    ") && !line.startsWith("     ") && !line.startsWith("    @")
                    && !line.strip().equals("}") && !line.isBlank()) {
                member = i; // the declaration of the member this line belongs to
                if (annotatedWithGate(lines, i)) {
                    return true;
                }
            }
            if (!line.startsWith(" ") && TYPE.matcher(line).find()) {
                return annotatedWithGate(lines, i);
            }
        }
        return false;
    }

    private static final Pattern TYPE = Pattern.compile("\\b(class|interface|enum|record)\\s+\\w+");

    private static boolean annotatedWithGate(List<String> lines, int declaration) {
        for (int i = declaration; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (i < declaration && !line.startsWith("@") && !line.startsWith("+") && !line.startsWith("\"")
                    && !line.endsWith(",") && !line.endsWith("(")) {
                return false;
            }
            if (GATE.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    /** The source without its comments (line count kept), so that prose about errno names is not flagged. */
    static String withoutComments(String source) {
        String noBlocks = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL).matcher(source)
                .replaceAll(m -> "\n".repeat((int) m.group().chars().filter(c -> c == '\n').count()));
        return noBlocks.replaceAll("(?m)^(\\s*)//.*$", "$1").replaceAll("(?m)\\s+//\\s.*$", "");
    }
}
