package dev.hvsock.tool;

import dev.hvsock.testing.LinuxHostFeature;
import dev.hvsock.testing.LinuxHostTest;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.testing.VsockCapability;
import dev.hvsock.testing.VsockTest;
import dev.hvsock.testing.PlatformUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line contract: --help everywhere, and every error as one line on stderr with the documented
 * exit status (docs/cli.md): 1 failure, 2 usage, 3 refused/unreachable, 4 timeout, 5 permission,
 * 6 not on this platform. No stack trace unless --debug.
 */
@Timeout(120)
class CliUsageTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"demo", "listen", "connect", "relay", "address", "services", "vms", "whoami"})
    void everyCommandHasHelp(String command) {
        HvsockCli.Result result = HvsockCli.run(command, "--help");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("Usage: hvsock " + command), result::toString);
        assertTrue(result.stdout().contains("--help"), result::toString);
        assertEquals("", result.stderr(), result::toString);
    }

    @Test
    void topLevelHelpListsEveryCommandAndTheExitCodes() {
        HvsockCli.Result result = HvsockCli.run("--help");
        assertEquals(0, result.exitCode(), result::toString);
        for (String command : List.of("demo", "listen", "connect", "relay", "address", "services", "vms", "whoami")) {
            assertTrue(result.stdout().contains("\n  " + command + " "), command + " missing:\n" + result);
        }
        assertTrue(result.stdout().contains("3 refused or unreachable, 4 timeout, 5 permission denied"),
                result::toString);
    }

    @Test
    void noArgumentsIsAUsageError() {
        HvsockCli.Result result = HvsockCli.run();
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().startsWith("Usage: hvsock COMMAND"), result::toString);
    }

    /** Usage errors: each is rejected before anything is opened. */
    @ParameterizedTest
    @ValueSource(strings = {
            "frobnicate|unknown command \"frobnicate\"",
            "connect|missing ADDRESS",
            "connect bogus|bad address \"bogus\"",
            "connect vsock:x:1|bad address \"vsock:x:1\"",
            "connect tcp:127.0.0.1:99999|bad TCP port \"99999\"",
            "connect unix:|empty path",
            "connect --timeout 0 unix:/nonexistent|bad --timeout \"0\"",
            "connect --nope unix:/nonexistent|unknown option --nope",
            "listen parent:not-a-guid-or-port|bad address \"parent:not-a-guid-or-port\"",
            "relay unix:/nonexistent/a|missing TO",
            "relay unix:/a unix:/b unix:/c|unexpected argument \"unix:/c\"",
            "relay --count x unix:/a unix:/b|bad --count \"x\"",
            "demo --bytes lots|bad --bytes \"lots\"",
            "demo --transport carrier-pigeon|bad --transport \"carrier-pigeon\"",
            "address 1:2:3|bad address \"1:2:3\"",
            "services add|missing NAME",
            "services add x --guid 123|bad GUID \"123\"",
            "services add x --guid 00001388-facb-11e6-bd58-64006a7986d3 --port 5000|give --guid or --port, not both",
            "services fly|unknown action \"fly\"",
            "services|missing action",
            "services list extra|unexpected argument \"extra\"",
            "services remove|missing GUID",
            "services remove 1-2-3-4-5|bad GUID \"1-2-3-4-5\"",
            "services add x --port port|bad --port \"port\"",
            "address loopback:4294967296|vsock port 4294967296 is out of range",
            "address :5000|missing VM",
            "vms extra|unexpected argument \"extra\"",
            "demo extra|unexpected argument \"extra\"",
            "connect /tmp/x.sock|a Unix socket? write unix:/tmp/x.sock;",
            "listen echo.sock|a Unix socket? write unix:echo.sock;",
            "whoami extra|unexpected argument \"extra\""})
    void usageErrorsGiveOneLineAndStatus2(String spec) {
        String[] parts = spec.split("\\|");
        HvsockCli.Result result = HvsockCli.run(parts[0].split(" "));
        assertOneLineError(result, 2, parts[1]);
    }

    @LinuxHostTest(LinuxHostFeature.LINUX_SOCKETS)
    @Test
    void connectingToAMissingUnixSocketFileSaysItIsMissing() {
        HvsockCli.Result unix = HvsockCli.run("connect", "unix:" + dir.resolve("nobody-here.sock"));
        assertOneLineError(unix, 3, "No such file or directory");
    }

    @Test
    void connectingToNoListenerIsRefused() {
        int closedPort = closedTcpPort();
        HvsockCli.Result tcp = HvsockCli.run("connect", "tcp:127.0.0.1:" + closedPort);
        assertOneLineError(tcp, 3, "connect to tcp:127.0.0.1:" + closedPort + ": Connection refused");
        // the error's name, as the library's own errors carry it (the JDK's TCP message has only the text)
        String name = PlatformUnderTest.windows() ? "(WSAECONNREFUSED)" : "(ECONNREFUSED)";
        assertTrue(tcp.stderr().strip().endsWith(name), tcp::toString);
    }

    @Test
    void versionPrintsTheVersionAndIsDocumented() throws Exception {
        HvsockCli.Result result = HvsockCli.run("--version");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().matches("hvsock \\S.*\\R"), result::toString);
        Path cliDoc = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "docs", "cli.md");
        assertTrue(Files.readString(cliDoc).contains("hvsock --version"), "docs/cli.md documents --version");
    }

    /** On Linux a guest's host (parent, vsock CID 2) is only ever connected to: binding it fails, saying so. */
    @ParameterizedTest
    @ValueSource(strings = {"parent:5000|wildcard:5000", "vsock:2:5000|vsock:any:5000"})
    @VsockTest(VsockCapability.SOCKETS) // Linux with AF_VSOCK, where parent is CID 2: the bind must get that far
    void listeningOnTheHostSaysItIsAConnectTarget(String spec) {
        String[] parts = spec.split("\\|");
        HvsockCli.Result result = HvsockCli.run("listen", parts[0]);
        assertOneLineError(result, 1, "Cannot assign requested address (EADDRNOTAVAIL): " + parts[0] + " is the host, "
                + "an address to connect to; to accept the host's connections listen on " + parts[1]);
    }

    @LinuxHostTest(LinuxHostFeature.LINUX_SOCKETS)
    /** A Unix listener whose backlog is full and that never accepts: connect waits, then times out. */
    @Test
    void connectTimesOutWithStatus4() throws Exception {
        HvSelectorProvider provider = HvSelectorProvider.provider();
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("full.sock"));
        List<SocketChannel> queued = new ArrayList<>();
        try (ServerSocketChannel server = provider.openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            server.bind(address, 1);
            boolean backlogFull = false;
            for (int i = 0; i < 64 && !backlogFull; i++) {
                SocketChannel client = provider.openSocketChannel(StandardProtocolFamily.UNIX);
                queued.add(client);
                client.configureBlocking(false);
                try {
                    client.connect(address);
                } catch (SocketException full) {
                    backlogFull = true; // a non-blocking connect that finds the backlog full fails at once (EAGAIN)
                }
            }
            assertTrue(backlogFull, "the listener's backlog never filled up");

            HvsockCli.Result result = HvsockCli.run("connect", "--timeout", "0.5", "unix:" + address.getPath());
            assertOneLineError(result, 4, "timed out");
        } finally {
            for (SocketChannel c : queued) {
                c.close();
            }
        }
    }

    /** sysfs refuses to create files, even for root: bind fails with EPERM. */
    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "relies on Linux sysfs refusing new files")
    void permissionDeniedGivesStatus5() {
        HvsockCli.Result result = HvsockCli.run("listen", "unix:/sys/hvsock-cli-test.sock");
        assertOneLineError(result, 5, "Operation not permitted");
    }

    @Test
    void listeningOnAnAddressInUseFailsWithStatus1() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("taken.sock"));
        try (ServerSocketChannel taken =
                     HvSelectorProvider.provider().openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            taken.bind(address);
            HvsockCli.Result result = HvsockCli.run("listen", "unix:" + address.getPath());
            assertOneLineError(result, 1, "Address already in use");
            assertTrue(java.nio.file.Files.exists(address.getPath()), "the other listener's socket file was removed");
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Windows looks service names up in its registry")
    void aServiceNameOnLinuxIsAUsageErrorSayingWhy() {
        HvsockCli.Result result = HvsockCli.run("address", "loopback:my-service");
        assertOneLineError(result, 2, "service names are looked up in the Windows registry");
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Windows looks VM names up with its Host Compute Service")
    void aVmNameOnLinuxIsAUsageErrorSayingWhereNamesAreResolved() {
        for (String vm : List.of("wsl", "myvm")) {
            HvsockCli.Result result = HvsockCli.run("connect", vm + ":5000");
            assertOneLineError(result, 2, "bad VM \"" + vm + "\"");
            assertTrue(result.stderr().contains("looked up by the Windows host's Host Compute Service"),
                    result::toString);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Windows has a Host Compute Service to list")
    void vmsOnLinuxExitsWith6() {
        assertOneLineError(HvsockCli.run("vms"), 6, "Host Compute Service");
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the service registry exists on Windows; Linux explains instead")
    void servicesOnLinuxExplainTheTemplateAndExitWith6() {
        HvsockCli.Result result = HvsockCli.run("services", "add", "echo", "--port", "5000");
        assertOneLineError(result, 6, "no Hyper-V service registry");
        assertTrue(result.stdout().contains("00001388-facb-11e6-bd58-64006a7986d3"), result::toString);
        assertTrue(result.stdout().contains("vsock template"), result::toString);
    }

    @Test
    void debugAddsTheStackTrace() {
        String missing = "unix:" + dir.resolve("nobody-here.sock");
        HvsockCli.Result plain = HvsockCli.run("connect", missing);
        HvsockCli.Result debug = HvsockCli.run("connect", "--debug", missing);
        assertEquals(3, debug.exitCode(), debug::toString);
        assertFalse(plain.stderr().contains("\tat "), plain::toString);
        assertTrue(debug.stderr().contains("\tat "), debug::toString);
        assertEquals(plain.stderrLines().getFirst(), debug.stderrLines().getFirst());
    }

    static void assertOneLineError(HvsockCli.Result result, int exitCode, String expected) {
        assertEquals(exitCode, result.exitCode(), result::toString);
        List<String> lines = result.stderrLines();
        assertEquals(1, lines.size(), () -> "want exactly one line on stderr\n" + result);
        assertTrue(lines.getFirst().startsWith("hvsock"), result::toString);
        assertTrue(lines.getFirst().contains(expected), () -> "want \"" + expected + "\"\n" + result);
    }

    private static int closedTcpPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
