package dev.hvsock.tool;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.file.AccessDeniedException;
import java.util.Locale;

/**
 * Turns whatever a command threw into its exit status and one line for stderr. The library's messages
 * already name the operation, address and OS error ({@code connect to /x: Connection refused (ECONNREFUSED)});
 * the symbolic error name decides the class where the exception type alone is too coarse.
 */
final class Failures {
    private Failures() {
    }

    record Failure(ExitCode exitCode, String message) {
    }

    static Failure classify(Throwable t) {
        if (t instanceof CliException e) {
            return new Failure(e.exitCode, e.getMessage());
        }
        String message = messageOf(t);
        String upper = message.toUpperCase(Locale.ROOT);
        if (t instanceof IllegalArgumentException || t instanceof UnsupportedAddressTypeException) {
            return new Failure(ExitCode.USAGE, message);
        }
        if (t instanceof UnsupportedOperationException) {
            return new Failure(ExitCode.UNSUPPORTED, message);
        }
        if (t instanceof UnresolvedAddressException) {
            return new Failure(ExitCode.UNREACHABLE, "unknown host");
        }
        if (t instanceof SocketTimeoutException || upper.contains("ETIMEDOUT") || upper.contains("TIMED OUT")) {
            return new Failure(ExitCode.TIMEOUT, message);
        }
        if (t instanceof AccessDeniedException || upper.contains("EACCES") || upper.contains("(EPERM)")
                || upper.contains("PERMISSION DENIED") || upper.contains("ACCESS IS DENIED")) {
            return new Failure(ExitCode.PERMISSION, message);
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException || upper.contains("UNREACHABLE")
                || upper.contains("NO ROUTE TO HOST")) {
            return new Failure(ExitCode.UNREACHABLE, message);
        }
        if (t instanceof java.io.IOException) {
            return new Failure(ExitCode.FAILURE, message);
        }
        if (t instanceof NoClassDefFoundError && message.startsWith("dev/hvsock/")
                && !message.startsWith("dev/hvsock/tool/")) {
            // hvsock.jar's Launcher names a missing Class-Path jar before this; here the command runs from a class
            // path of its own that lacks the library
            String version = Main.class.getPackage().getImplementationVersion();
            return new Failure(ExitCode.FAILURE, "the hvsock-nio library is not on the class path (no class "
                    + message.replace('/', '.') + "): the command needs "
                    + (version != null ? "hvsock-nio-" + version + ".jar" : "the hvsock-nio jar of its version")
                    + " beside hvsock.jar, or on its class path");
        }
        return new Failure(ExitCode.FAILURE, "internal error: " + message + " (run with --debug for details)");
    }

    /** The message on one line, or the exception's type when it has none. */
    static String messageOf(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            String type = t.getClass().getSimpleName();
            return t instanceof UnresolvedAddressException ? "unknown host" : type;
        }
        return message.replace('\n', ' ').replace('\r', ' ').strip();
    }
}
