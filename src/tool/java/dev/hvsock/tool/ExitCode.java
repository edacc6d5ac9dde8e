package dev.hvsock.tool;

/**
 * The exit statuses of the {@code hvsock} command, which scripts may rely on (docs/cli.md lists them).
 * A failure is classified by what went wrong, not by which command failed.
 */
enum ExitCode {
    /** Success. */
    OK(0),
    /** A runtime or I/O failure that none of the codes below describes (reset, address in use, ...). */
    FAILURE(1),
    /** Bad command line: unknown command or option, missing argument, malformed address or number. */
    USAGE(2),
    /** The peer refused the connection or cannot be reached (no listener, no such path, no route, unknown host). */
    UNREACHABLE(3),
    /** A connect (or other bounded wait) timed out. */
    TIMEOUT(4),
    /** The OS denied permission (file permissions, privileged port, registry without elevation). */
    PERMISSION(5),
    /** The command or address family does not exist on this platform (services on Linux, vsock on Windows). */
    UNSUPPORTED(6);

    final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
