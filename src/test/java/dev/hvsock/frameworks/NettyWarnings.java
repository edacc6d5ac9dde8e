package dev.hvsock.frameworks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what Netty (and gRPC, on top of it) logs at WARNING or worse while a test runs: an exception that
 * reached the tail of a pipeline, a selector rebuilt after premature wake-ups, a channel that failed to close,
 * an unknown option. Both log through java.util.logging when no other logging library is on the class path,
 * as here.
 */
final class NettyWarnings extends Handler {
    // Held strongly: the LogManager keeps loggers only weakly, and with them their handlers.
    private static final List<Logger> WATCHED = List.of(Logger.getLogger("io.netty"), Logger.getLogger("io.grpc"),
            Logger.getLogger("reactor"), Logger.getLogger("io.vertx"));

    private final List<String> records = new ArrayList<>();

    static NettyWarnings install() {
        NettyWarnings warnings = new NettyWarnings();
        warnings.setLevel(Level.WARNING);
        for (Logger logger : WATCHED) {
            logger.addHandler(warnings);
        }
        return warnings;
    }

    /**
     * Loggers that warn about the machine rather than the transport: Netty's network-interface and MAC
     * address probes complain where there is no network at all, as in the QEMU guest; Vert.x's watchdog, when
     * an event loop took more than 2 s for a task, as the first HTTP request's class loading does on a loaded
     * machine (2.7 s, seen at load 19 on 2 cores).
     */
    static final Set<String> ABOUT_THE_MACHINE = Set.of(
            "io.netty.util.NetUtil", "io.netty.util.NetUtilInitializations", "io.netty.util.internal.MacAddressUtil",
            "io.vertx.core.impl.BlockedThreadChecker");

    @Override
    public synchronized void publish(LogRecord r) {
        if (isLoggable(r) && !ABOUT_THE_MACHINE.contains(r.getLoggerName())) {
            String text = r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage();
            if (r.getThrown() != null) {
                text += " (" + r.getThrown() + ")";
            }
            records.add(text);
        }
    }

    /** What was logged since the last call (or since installing). */
    synchronized List<String> drain() {
        List<String> logged = List.copyOf(records);
        records.clear();
        return logged;
    }

    /** Stops collecting and returns what was logged. */
    synchronized List<String> uninstall() {
        for (Logger logger : WATCHED) {
            logger.removeHandler(this);
        }
        return List.copyOf(records);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
