package dev.hvsock.testing;

import java.util.List;

/**
 * Runs a {@link VsockTest} where this machine has the vsock capabilities it names: see {@link PrerequisiteCondition}.
 */
final class VsockCondition extends PrerequisiteCondition<VsockTest> {
    /** Set to 1 where vsock_loopback must be loaded: the QEMU guest (src/test/vm/run-in-guest.sh) sets it. */
    static final String EXPECT_LOOPBACK_ENV = "HVSOCK_EXPECT_VSOCK_LOOPBACK";

    VsockCondition() {
        super(VsockTest.class);
    }

    @Override
    List<VsockCapability> needed(VsockTest needs) {
        return List.of(needs.value());
    }

    @Override
    String expectEnv() {
        return EXPECT_LOOPBACK_ENV;
    }

    @Override
    String whereTheyRun() {
        return "vsock tests run in the QEMU guest harness (src/test/vm/vsock-suite.sh)";
    }
}
