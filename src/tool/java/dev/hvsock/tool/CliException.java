package dev.hvsock.tool;

import java.io.Serial;

/** A failure the command explains in one line and ends with {@code exitCode}. */
final class CliException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    final transient ExitCode exitCode;

    CliException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }
}
