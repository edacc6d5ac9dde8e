package dev.hvsock.testing;

/** Something a test needs of this machine, such as a vsock transport or Hyper-V. */
interface Prerequisite {
    /**
     * Why this machine lacks it, or {@code null} if it has it. Probes anew on each call; {@link
     * PrerequisiteCondition} keeps the answer for the rest of the run.
     */
    String probe();
}
