package dev.hvsock.frameworks;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whether vsock tests can move bytes here: they need the {@code vsock_loopback} transport (CID 1), which
 * the QEMU guest harness (src/test/vm) provides and sets {@code HVSOCK_EXPECT_VSOCK_LOOPBACK=1} for. There
 * a missing loopback must fail the tests, not skip them, so the check is skipped and they run regardless.
 */
final class VsockLoopback {
    static final String EXPECT_ENV = "HVSOCK_EXPECT_VSOCK_LOOPBACK";

    private VsockLoopback() {
    }

    static void assumeAvailable() {
        if ("1".equals(System.getenv(EXPECT_ENV))) {
            return;
        }
        assumeTrue(System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux"),
                "vsock tests need Linux");
        assumeTrue(Files.isDirectory(Path.of("/sys/module/vsock_loopback")),
                "no vsock loopback transport (module vsock_loopback) on this machine: vsock tests run inside the "
                        + "QEMU guest harness (src/test/vm/vsock-suite.sh), which sets " + EXPECT_ENV + "=1");
    }
}
