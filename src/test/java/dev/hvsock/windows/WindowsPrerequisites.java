package dev.hvsock.windows;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the Windows-only tests need beyond Windows (Hyper-V enabled, an elevated process), and what happens
 * when it is missing: the test is skipped with the reason, or fails with it when the environment variable
 * {@value #EXPECT_HYPERV_ENV}{@code =1} says this machine is meant to have everything (a Hyper-V host run
 * as administrator), so that a run there cannot pass by skipping.
 */
public final class WindowsPrerequisites {
    /** Set to 1 where Hyper-V and elevation must be present: then their absence fails the tests. */
    public static final String EXPECT_HYPERV_ENV = "HVSOCK_EXPECT_HYPERV";

    private WindowsPrerequisites() {
    }

    /** Whether this run insists on Hyper-V and elevation. */
    public static boolean expected() {
        return "1".equals(System.getenv(EXPECT_HYPERV_ENV));
    }

    /** Skips the current test saying {@code reason}, or fails it if {@link #expected()}. */
    public static void missing(String reason) {
        if (expected()) {
            fail(EXPECT_HYPERV_ENV + "=1 but " + reason);
        }
        assumeTrue(false, reason);
    }
}
