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

    /** None: no run promises Linux; elsewhere these tests skip. */
    @Override
    String expectEnv() {
        return null;
    }

    @Override
    String whereTheyRun() {
        return "the test runs on Linux (mvn verify, .ci/run)";
    }
}
