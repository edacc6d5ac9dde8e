package dev.hvsock.testing;

import java.util.List;

/**
 * Runs a {@link HyperVTest} where this machine has the Hyper-V capabilities it names: see
 * {@link PrerequisiteCondition}.
 */
final class HyperVCondition extends PrerequisiteCondition<HyperVTest> {
    /** Set to 1 where Hyper-V and elevation must be present (docs/windows.md): then their absence fails the tests. */
    static final String EXPECT_HYPERV_ENV = "HVSOCK_EXPECT_HYPERV";

    HyperVCondition() {
        super(HyperVTest.class);
    }

    @Override
    List<HyperVCapability> needed(HyperVTest needs) {
        return List.of(needs.value());
    }

    @Override
    String expectEnv() {
        return EXPECT_HYPERV_ENV;
    }

    @Override
    String whereTheyRun() {
        return "Hyper-V socket tests run on a Windows Hyper-V host (docs/windows.md)";
    }
}
