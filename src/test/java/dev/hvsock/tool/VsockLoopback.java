package dev.hvsock.tool;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.VsockAddress;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The vsock tests' guard. They only ever address CID 1 (VMADDR_CID_LOCAL, the loopback transport), and
 * run where that transport exists: the QEMU guest harness, which sets HVSOCK_EXPECT_VSOCK_LOOPBACK=1 and
 * must then fail rather than skip. The probe binds CID 1, which the kernel allows only with the loopback
 * transport loaded; it never connects anywhere.
 */
final class VsockLoopback {
    static final long CID = 1;

    private VsockLoopback() {
    }

    static void require() {
        String problem = probe();
        boolean expected = "1".equals(System.getenv("HVSOCK_EXPECT_VSOCK_LOOPBACK"));
        if (expected && problem != null) {
            fail("HVSOCK_EXPECT_VSOCK_LOOPBACK=1 but there is no vsock loopback: " + problem);
        }
        assumeTrue(problem == null, () -> "no vsock loopback here (" + problem + "); these tests run in the QEMU "
                + "guest harness, src/test/vm/vsock-suite.sh");
    }

    /** {@code vsock:1:PORT}: the only vsock address these tests connect to. */
    static String address(long port) {
        return "vsock:" + CID + ":" + port;
    }

    private static String probe() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return "not Linux";
        }
        try (ServerSocketChannel probe = HvSelectorProvider.provider().openServerSocketChannel(HvProtocolFamily.VSOCK)) {
            probe.bind(VsockAddress.of(CID, VsockAddress.PORT_ANY));
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getMessage();
        }
    }
}
