package dev.hvsock.tool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What a relay has done so far: connections and bytes each way, for the live status and the summary. */
final class RelayStats {
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    /** Bytes from the accepted side (FROM) to the connected side (TO). */
    final LongAdder forward = new LongAdder();
    /** Bytes from TO back to FROM. */
    final LongAdder backward = new LongAdder();

    private final long startNanos = System.nanoTime();
    private final AtomicLong lastTotal = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong(startNanos);

    /** The live one-line status; the rate is over the time since the previous call. */
    String statusLine() {
        long now = System.nanoTime();
        long total = forward.sum() + backward.sum();
        long rate = rate(total - lastTotal.getAndSet(total), now - lastNanos.getAndSet(now));
        return open.get() + " open, " + accepted.get() + " total, " + failed.get() + " failed | forward "
                + Sizes.bytes(forward.sum()) + ", back " + Sizes.bytes(backward.sum()) + " | "
                + Sizes.bytes(rate) + "/s";
    }

    /** The summary printed when the relay ends. */
    String summary() {
        long elapsed = System.nanoTime() - startNanos;
        long f = forward.sum();
        long b = backward.sum();
        long connections = accepted.get();
        return "hvsock relay: " + connections + (connections == 1 ? " connection (" : " connections (") + failed.get()
                + " failed), forward " + f
                + " bytes (" + Sizes.bytes(f) + "), back " + b + " bytes (" + Sizes.bytes(b) + "), "
                + Sizes.seconds(elapsed) + ", " + Sizes.rate(f + b, elapsed);
    }

    private static long rate(long bytes, long nanos) {
        return nanos <= 0 ? 0 : (long) (bytes * 1e9 / nanos);
    }
}
