package dev.hvsock.tool;

import java.util.List;

/** One {@code hvsock} subcommand: its name, its help and what it does. */
interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    /** {@code hvsock NAME [OPTIONS] ARGS}, the first line of the help. */
    String synopsis();

    /** The help's body: what the command does, its arguments and examples. */
    String description();

    /** The command's own options; --help and --debug are added for every command. */
    List<Option> options();

    /** Runs the command; returns the exit status, or throws what {@link Failures} turns into one. */
    ExitCode run(Arguments args) throws Exception;
}
