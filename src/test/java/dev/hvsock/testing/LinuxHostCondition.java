package dev.hvsock.testing;

import java.util.List;

/** Runs a {@link LinuxHostTest} where this host has the features it names: see {@link PrerequisiteCondition}. */
final class LinuxHostCondition extends PrerequisiteCondition<LinuxHostTest> {
    LinuxHostCondition() {
        super(LinuxHostTest.class);
    }

    @Override
    List<LinuxHostFeature> needed(LinuxHostTest needs) {
        return List.of(needs.value());
    }

    /** Never read: no run promises Linux ({@link LinuxHostFeature#promisedByTheRun()} is false). */
    @Override
    String expectEnv() {
        return "HVSOCK_EXPECT_LINUX_HOST";
    }

    @Override
    String whereTheyRun() {
        return "the test runs on Linux (mvn verify, .ci/run)";
    }
}
