package dev.hvsock.tool;

import dev.hvsock.testing.VsockTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hvsock demo}: the README's first command. */
@Timeout(120)
class DemoCommandTest {
    @Test
    void demoPicksATransportSaysWhyAndEchoesEveryByte() {
        HvsockCli.Result result = HvsockCli.run("demo", "--bytes", "8M");
        assertEquals(0, result.exitCode(), result::toString);
        Map<String, String> report = report(result);
        String transport = report.get("transport");
        assertTrue(transport.startsWith("unix (unix:") || transport.startsWith("vsock (vsock:1:")
                || transport.startsWith("hyperv ("), result::toString);
        if (transport.startsWith("unix") && System.getProperty("os.name").startsWith("Linux")) {
            assertTrue(report.get("why").startsWith("no vsock loopback ("), result::toString);
            assertTrue(report.get("why").endsWith("run `sudo modprobe vsock_loopback` to use vsock"), result::toString);
        }
        assertEchoed(report, 8 << 20, result);
    }

    @Test
    void demoOverUnixOnRequest() {
        HvsockCli.Result result = HvsockCli.run("demo", "--transport", "unix", "--bytes", "1000");
        assertEquals(0, result.exitCode(), result::toString);
        Map<String, String> report = report(result);
        assertTrue(report.get("transport").startsWith("unix (unix:"), result::toString);
        assertEquals("requested with --transport unix", report.get("why"), result::toString);
        assertEchoed(report, 1000, result);
    }

    @Test
    @VsockTest
    @Timeout(300)
    void demoUsesTheVsockLoopbackWhereItExists() {
        HvsockCli.Result result = HvsockCli.run("demo", "--bytes", "8M");
        assertEquals(0, result.exitCode(), result::toString);
        Map<String, String> report = report(result);
        assertTrue(report.get("transport").startsWith("vsock (vsock:" + VsockLoopback.CID + ":"),
                result::toString);
        assertEquals("vsock loopback (CID 1) answered", report.get("why"), result::toString);
        assertEchoed(report, 8 << 20, result);
    }

    private static void assertEchoed(Map<String, String> report, long bytes, HvsockCli.Result result) {
        String sent = report.get("sent");
        String received = report.get("received");
        assertTrue(sent.startsWith(bytes + " bytes"), result::toString);
        assertTrue(received.startsWith(bytes + " bytes"), result::toString);
        String sentHash = sent.substring(sent.indexOf("sha256 ") + 7);
        assertEquals(64, sentHash.length(), result::toString);
        assertEquals(sentHash, received.substring(received.indexOf("sha256 ") + 7), result::toString);
        assertTrue(report.get("time").matches("\\d+\\.\\d{3} s"), result::toString);
        assertTrue(report.get("throughput").contains("/s each way"), result::toString);
        assertTrue(report.get("result").startsWith("OK: SHA-256 match"), result::toString);
    }

    /** The {@code name: value} lines of the report. */
    private static Map<String, String> report(HvsockCli.Result result) {
        return result.stdout().lines().filter(l -> l.matches("[a-z]+: .*"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')),
                        l -> l.substring(l.indexOf(':') + 1).strip()));
    }
}
