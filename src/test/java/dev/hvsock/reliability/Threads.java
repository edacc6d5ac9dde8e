package dev.hvsock.reliability;

import dev.hvsock.conformance.BlockingFrames;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Starting test threads of either kind, and waiting (bounded) until one is parked inside the library. */
final class Threads {
    enum Kind { PLATFORM, VIRTUAL }

    private Threads() {
    }

    /** Where the library's blocking channel operations wait: the conformance suite's list, one place to rename. */
    static final String[] IO_WAIT = BlockingFrames.HVSOCK.io().toArray(String[]::new);
    /** Where the library's selector waits. */
    static final String[] SELECT_WAIT = BlockingFrames.HVSOCK.select().toArray(String[]::new);

    static Thread start(Kind kind, String name, Runnable body) {
        return kind == Kind.VIRTUAL ? Thread.ofVirtual().name(name).start(body)
                : Thread.ofPlatform().name(name).daemon().start(body);
    }

    /**
     * Waits until {@code t}'s stack shows it inside one of {@code frames} ({@code "Class.method"}, simple
     * class names), which is where the library parks or polls; fails after 10 s.
     */
    static void awaitBlockedIn(Thread t, String... frames) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!t.isAlive()) {
                fail(t + " ended before it blocked in " + Arrays.toString(frames));
            }
            for (StackTraceElement e : t.getStackTrace()) {
                String cls = e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1);
                String frame = cls + "." + e.getMethodName();
                for (String f : frames) {
                    if (frame.equals(f)) {
                        // in the waiting method: give it a moment to reach the poll or park itself
                        TimeUnit.MILLISECONDS.sleep(20);
                        return;
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        fail(t + " never blocked in " + Arrays.toString(frames) + "; stack: " + Arrays.toString(t.getStackTrace()));
    }

    static void join(Thread t) throws InterruptedException {
        t.join(TimeUnit.SECONDS.toMillis(20));
        if (t.isAlive()) {
            fail(t + " still blocked 20 s after it should have been released; stack: "
                    + Arrays.toString(t.getStackTrace()));
        }
    }
}
