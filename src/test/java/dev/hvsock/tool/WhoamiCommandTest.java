package dev.hvsock.tool;

import dev.hvsock.VsockAddress;
import dev.hvsock.linux.LocalCidOracle;
import dev.hvsock.testing.VsockCapability;
import dev.hvsock.testing.VsockTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code hvsock whoami} on the machine the tests run on: the CID it prints is the one a C program gets from
 * the kernel; without access to /dev/vsock it says why (its mode) and exits with 5; in the QEMU guest it
 * reports no guest-to-host transport and the loopback. It connects nowhere.
 */
@VsockTest(VsockCapability.SOCKETS)
@Timeout(300)
class WhoamiCommandTest {
    private static final Path DEV_VSOCK = Path.of("/dev/vsock");

    @Test
    void theCidIsTheKernelsAnswer(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isReadable(DEV_VSOCK), "/dev/vsock is missing or not readable by this user");
        LocalCidOracle.Answer kernel = LocalCidOracle.ask(dir);
        assertTrue(kernel.isCid(), kernel.toString());
        HvsockCli.Result result = HvsockCli.run("whoami");
        assertEquals(0, result.exitCode(), result::toString);
        String cid = line(result, "cid");
        if (kernel.value() == VsockAddress.CID_ANY) {
            assertTrue(cid.startsWith("none: "), cid);
        } else {
            assertTrue(cid.startsWith(kernel.value() + " ("), "the C program got " + kernel + "; " + cid);
        }
        assertTrue(line(result, "transports").length() > 0, result::toString);
    }

    @Test
    void withoutAccessToDevVsockItSaysWhyAndExitsWith5() throws Exception {
        assumeTrue(Files.exists(Path.of("/usr/bin/setpriv")) && "root".equals(System.getProperty("user.name")),
                "needs root and setpriv to run the command as user nobody");
        assumeTrue(!"1".equals(System.getenv("HVSOCK_IN_GUEST")), "runs outside the QEMU guest, whose read-only "
                + "9p root would have to let user nobody start a JVM (the check does not depend on the transport)");
        String mode = "c" + PosixFilePermissions.toString(Files.getPosixFilePermissions(DEV_VSOCK));
        assumeTrue(!mode.endsWith("r--") && !mode.endsWith("rw-") && !mode.endsWith("rwx"),
                "/dev/vsock is readable by everyone here (" + mode + ")");
        HvsockCli.Result result = HvsockCli.runUnder(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups"), "whoami");
        CliUsageTest.assertOneLineError(result, 5, "/dev/vsock: cannot open it");
        assertTrue(result.stderr().contains("(EACCES)") && result.stderr().contains("it is " + mode + " "),
                result::toString);
        // what needs no rights is still printed
        assertTrue(line(result, "cid").startsWith("unknown"), result::toString);
        assertTrue(line(result, "transports").length() > 0, result::toString);
    }

    /** The QEMU guest: vsock_loopback is the only transport. */
    @Test
    @VsockTest
    void inTheLoopbackOnlyGuestThereIsNoCidAndNoHost() {
        assumeTrue("1".equals(System.getenv("HVSOCK_IN_GUEST")),
                "the loopback-only case is the QEMU guest's (src/test/vm/vsock-suite.sh)");
        HvsockCli.Result result = HvsockCli.run("whoami");
        assertEquals(0, result.exitCode(), result::toString);
        // VMADDR_CID_ANY, or VMADDR_CID_LOCAL on kernels since a 2025 change (the guest's Debian 6.1 has it)
        String cid = line(result, "cid");
        assertTrue(cid.equals("none: no guest-to-host transport is loaded (the kernel answers VMADDR_CID_ANY)")
                || cid.startsWith("1 (VMADDR_CID_LOCAL: no guest-to-host transport is loaded, only the loopback"), cid);
        assertEquals("vsock_loopback", line(result, "transports"));
        assertTrue(line(result, "host").startsWith("none: no guest-to-host transport"), result::toString);
        assertEquals("vsock:1:PORT reaches this machine itself", line(result, "loopback"));
    }

    private static String line(HvsockCli.Result result, String name) {
        String prefix = String.format("%-14s ", name + ":");
        return result.stdout().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " line in\n" + result));
    }
}
