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
    @VsockTest(VsockCapability.READABLE_DEVICE)
    void theCidIsTheKernelsAnswer(@TempDir Path dir) throws Exception {
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
    @VsockTest({VsockCapability.DEVICE, VsockCapability.DEVICE_REFUSED_TO_NOBODY})
    void withoutAccessToDevVsockItSaysWhyAndExitsWith5() throws Exception {
        String mode = "c" + PosixFilePermissions.toString(Files.getPosixFilePermissions(DEV_VSOCK));
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
    @VsockTest({VsockCapability.LOOPBACK_ONLY, VsockCapability.READABLE_DEVICE})
    void inTheLoopbackOnlyGuestThereIsNoCidAndNoHost() {
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
