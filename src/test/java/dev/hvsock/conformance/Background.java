package dev.hvsock.conformance;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A task on its own thread, whose outcome (value or exception) the test inspects, and which a test
 * can wait on until it blocks inside the library.
 */
final class Background<T> {
    /** How long a background step may take before the test gives up on it: a bound, not a measurement. */
    static final long PATIENCE_SECONDS = 20;

    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean interruptedAtEnd;

    private Background(ThreadKind kind, String name, Callable<T> body) {
        this.thread = kind.builder().name(name).unstarted(() -> {
            try {
                T value = body.call();
                interruptedAtEnd = Thread.currentThread().isInterrupted();
                outcome.complete(value);
            } catch (Throwable t) {
                interruptedAtEnd = Thread.currentThread().isInterrupted();
                outcome.completeExceptionally(t);
            }
        });
    }

    static <T> Background<T> start(ThreadKind kind, String name, Callable<T> body) {
        Background<T> task = new Background<>(kind, name, body);
        task.thread.start();
        return task;
    }

    Thread thread() {
        return thread;
    }

    boolean isDone() {
        return outcome.isDone();
    }

    /** Whether the thread's interrupt status was set when the task ended. */
    boolean interruptedAtEnd() {
        join();
        return interruptedAtEnd;
    }

    /** Waits until the thread is inside one of {@code frames} ("SimpleClass.method", see {@link BlockingFrames}). */
    void awaitBlockedIn(List<String> frames) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (true) {
            if (outcome.isDone()) {
                fail(thread.getName() + " ended instead of blocking in " + frames + ": "
                        + describeOutcome());
            }
            for (StackTraceElement e : thread.getStackTrace()) {
                String cls = e.getClassName();
                String frame = cls.substring(cls.lastIndexOf('.') + 1) + "." + e.getMethodName();
                for (String wanted : frames) {
                    if (frame.equals(wanted)) {
                        return;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                fail(thread.getName() + " never blocked in " + frames + "; it is "
                        + thread.getState() + " at " + stack());
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + thread.getName() + " to block");
            }
        }
    }

    /** The task's value; fails the test if it threw or did not end in time. */
    T get() {
        try {
            return outcome.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(thread.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(thread.getName() + " did not end within " + PATIENCE_SECONDS + " s; it is "
                    + thread.getState() + " at " + stack());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + thread.getName());
        }
    }

    /** The exception the task ended with; fails the test if it returned normally or did not end in time. */
    Throwable failure() {
        join();
        try {
            T value = outcome.getNow(null);
            fail(thread.getName() + " returned " + value + " instead of throwing");
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /** Waits for the end of the task, whatever it is, failing the test if it does not come in time. */
    private void join() {
        if (!awaitEnd(TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS))) {
            fail(thread.getName() + " did not end within " + PATIENCE_SECONDS + " s; it is " + thread.getState()
                    + " at " + stack());
        }
    }

    /** Waits at most {@code timeoutNanos} for the task to end: whether it did. */
    boolean awaitEnd(long timeoutNanos) {
        try {
            outcome.handle((v, t) -> null).get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + thread.getName());
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    private String describeOutcome() {
        try {
            return "returned " + outcome.getNow(null);
        } catch (RuntimeException e) {
            return "threw " + e.getCause();
        }
    }

    /** Where the thread is now, for failure messages. */
    String stack() {
        return Arrays.stream(thread.getStackTrace()).limit(25).map(String::valueOf)
                .collect(Collectors.joining("\n    ", "\n    ", ""));
    }
}
