package dev.hvsock.testing;

/** Something a test needs of this machine, such as a vsock transport or Hyper-V. */
interface Prerequisite {
    /**
     * Why this machine lacks it, or {@code null} if it has it. Probes anew on each call; {@link
     * PrerequisiteCondition} keeps the answer for the rest of the run.
     */
    String probe();

    /**
     * Whether a run that promises its family's prerequisites ({@link PrerequisiteCondition#expectEnv()}, e.g.
     * the QEMU guest) promises this one too, so that its absence there fails the test. Not so for what depends
     * on how the run is made rather than on what the machine has, such as who runs it: where that is missing
     * the test is skipped in every run, and {@link #probe()}'s reason says itself where the test does run.
     */
    default boolean promisedByTheRun() {
        return true;
    }
}
