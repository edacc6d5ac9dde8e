package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.IOStatus;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workaround for WSAPoll not reporting failed connects, driven by a fake WSAPoll, a fake SO_ERROR and a
 * fake clock: which timeouts the polls get, when SO_ERROR is asked, what is marked and what finishConnect
 * learns.
 */
class PendingConnectsTest {
    private static final long REFUSED = 10061;

    /** SO_ERROR as Winsock may give it: read once, then cleared. */
    private final Map<Long, Integer> soErrors = new HashMap<>();
    private final List<Long> queried = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** getpeername's error per handle; a handle not here has a peer. */
    private final Map<Long, Integer> peerNameErrors = new HashMap<>();
    private final PendingConnects connects = new PendingConnects(handle -> {
        queried.add(handle);
        Integer e = soErrors.remove(handle);
        return e == null ? 0 : e;
    }, handle -> peerNameErrors.getOrDefault(handle, 0), now::get);

    /** A WSAPoll that reports nothing and lets the given time pass (the whole slice, or forever as 10 s). */
    private class SilentPoll implements PendingConnects.Poll {
        final List<Integer> timeouts = new ArrayList<>();
        final Deque<Integer> results = new ArrayDeque<>();

        @Override
        public int poll(int timeoutMillis) {
            timeouts.add(timeoutMillis);
            now.addAndGet((timeoutMillis < 0 ? 10_000L : timeoutMillis) * 1_000_000L);
            return results.isEmpty() ? 0 : results.poll();
        }
    }

    @Test
    void aConnectWhoseSoErrorIsZeroButThatHasNoPeerFailedWithWhatGetpeernameSays() {
        // WSAPoll reported POLLERR, SO_ERROR reads 0: the JDK's Windows Net.pollConnect does not count that as
        // connected; getpeername decides (this returned 0, "connected", before)
        connects.started(7);
        peerNameErrors.put(7L, WsaErrors.WSAENOTCONN);
        assertEquals(WsaErrors.WSAENOTCONN, connects.finish(7));
        assertFalse(connects.isPending(7));

        connects.started(8); // SO_ERROR 0 and a peer: connected
        assertEquals(0, connects.finish(8));

        connects.started(9); // an SO_ERROR wins over getpeername's answer
        soErrors.put(9L, (int) REFUSED);
        peerNameErrors.put(9L, WsaErrors.WSAENOTCONN);
        assertEquals(REFUSED, connects.finish(9));
    }

    @Test
    void withoutPendingConnectsAPollIsOneUnslicedCall() throws Exception {
        for (int timeout : new int[]{-1, 0, 5, 100_000}) {
            SilentPoll poll = new SilentPoll();
            assertEquals(0, connects.sliced(poll, timeout, connects::any, () -> 1, -1));
            assertEquals(List.of(timeout), poll.timeouts);
        }
        assertTrue(queried.isEmpty());
    }

    @Test
    void whileAConnectIsPendingAnEndlessPollLooksEveryHundredMillisUntilItFails() throws Exception {
        connects.started(7);
        SilentPoll poll = new SilentPoll();
        AtomicInteger slices = new AtomicInteger();
        int n = connects.sliced(poll, -1, connects::any, () -> slices.incrementAndGet() == 3 ? 1 : 0, -1);
        assertEquals(1, n);
        assertEquals(List.of(100, 100, 100), poll.timeouts);
    }

    @Test
    void aBoundedPollKeepsItsDeadlineAcrossSlices() throws Exception {
        connects.started(7);
        SilentPoll poll = new SilentPoll();
        assertEquals(0, connects.sliced(poll, 250, connects::any, () -> 0, -1));
        assertEquals(List.of(100, 100, 50), poll.timeouts);
        // no wait at all stays no wait, looked at once
        SilentPoll once = new SilentPoll();
        AtomicInteger looks = new AtomicInteger();
        assertEquals(0, connects.sliced(once, 0, connects::any, () -> looks.incrementAndGet() * 0, -1));
        assertEquals(List.of(0), once.timeouts);
        assertEquals(1, looks.get());
    }

    @Test
    void readinessEndsThePollAtOnceAndAnInterruptionIsPassedOn() throws Exception {
        connects.started(7);
        SilentPoll ready = new SilentPoll();
        ready.results.add(0);
        ready.results.add(2);
        assertEquals(2, connects.sliced(ready, -1, connects::any, () -> 0, -1));
        assertEquals(List.of(100, 100), ready.timeouts);
        SilentPoll interrupted = new SilentPoll();
        interrupted.results.add(IOStatus.INTERRUPTED);
        assertEquals(IOStatus.INTERRUPTED, connects.sliced(interrupted, -1, connects::any, () -> 1, -1));
    }

    @Test
    void anIdlePollLooksAgainEverySoOftenAndNoticesAConnectThatStartedMeanwhile() throws Exception {
        SilentPoll poll = new SilentPoll() {
            @Override
            public int poll(int timeoutMillis) {
                if (timeouts.size() == 2) {
                    connects.started(9); // during the third idle slice, another thread starts a connect
                }
                return super.poll(timeoutMillis);
            }
        };
        AtomicInteger checks = new AtomicInteger();
        assertEquals(1, connects.sliced(poll, -1, connects::any, () -> checks.incrementAndGet() == 2 ? 1 : 0, 1000));
        assertEquals(List.of(1000, 1000, 1000, 100, 100), poll.timeouts);
    }

    @Test
    void aSilentFailedConnectIsMarkedAsWindows2004MarksItAndItsErrorKeptForFinishConnect() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(5 * WsaPollEvents.ENTRY_SIZE);
            WsaPollEvents.setEntry(array, 0, 100, Events.IN);             // the wakeup
            WsaPollEvents.setEntry(array, 1, 1, Events.OUT);              // connecting, failed
            WsaPollEvents.setEntry(array, 2, 2, Events.OUT);              // connecting, still going
            WsaPollEvents.setEntry(array, 3, 3, Events.IN);               // connecting, but not asked for OUT
            WsaPollEvents.setEntry(array, 4, 4, Events.OUT);              // connected long ago, not pending
            for (long h = 1; h <= 3; h++) {
                connects.started(h);
            }
            soErrors.put(1L, (int) REFUSED);
            soErrors.put(3L, (int) REFUSED);
            soErrors.put(4L, (int) REFUSED);

            assertEquals(1, connects.markFailed(array, 1, 5));
            assertEquals(0x13, WsaPollEvents.reventsOf(array, 1), "POLLHUP | POLLERR | POLLWRNORM");
            assertEquals(0, WsaPollEvents.reventsOf(array, 2));
            assertEquals(0, WsaPollEvents.reventsOf(array, 3));
            assertEquals(0, WsaPollEvents.reventsOf(array, 4));
            assertEquals(0, WsaPollEvents.reventsOf(array, 0));
            assertEquals(List.of(1L, 2L), queried, "SO_ERROR asked only of silent, pending, OUT-polled sockets");

            // SO_ERROR has been read (and cleared) by now: finishConnect must still learn the error
            assertEquals(REFUSED, connects.finish(1));
            assertEquals(0, connects.finish(2), "a connect that succeeded");
            assertTrue(connects.isPending(3));
        }
    }

    @Test
    void anEntryWithEventsIsLeftAsWsaPollReportedIt() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(2 * WsaPollEvents.ENTRY_SIZE);
            WsaPollEvents.setEntry(array, 1, 1, Events.OUT);
            WsaPollEvents.setRevents(array, 1, 0x10); // POLLWRNORM: connected
            connects.started(1);
            soErrors.put(1L, (int) REFUSED);
            assertEquals(0, connects.markFailed(array, 1, 2));
            assertEquals(0x10, WsaPollEvents.reventsOf(array, 1));
            assertTrue(queried.isEmpty(), "no SO_ERROR query for a socket WSAPoll reported");
        }
    }

    @Test
    void closingForgetsAndFinishingEndsTracking() {
        connects.started(5);
        assertTrue(connects.any());
        assertTrue(connects.isPending(5));
        assertFalse(connects.isPending(6));
        connects.forget(5);
        assertFalse(connects.any());
        connects.started(6);
        soErrors.put(6L, (int) REFUSED);
        assertEquals(REFUSED, connects.finish(6), "finish reads SO_ERROR when no poll did");
        assertFalse(connects.any());
        assertEquals(0, connects.errorNow(6), "nothing known about a connect no longer tracked");
    }

    @Test
    void finishingWhileAPollReadsSoErrorStillLearnsTheError() throws Exception {
        // The race: a poll thread reads SO_ERROR (and so clears it) for a silent connect while the connecting
        // thread calls finish. finish must see the error the poll read, not the cleared SO_ERROR, or
        // finishConnect returns true for a failed connect.
        CountDownLatch pollInsideSoError = new CountDownLatch(1);
        CountDownLatch letThePollGoOn = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        PendingConnects racing = new PendingConnects(handle -> {
            if (reads.incrementAndGet() > 1) {
                return 0; // read once already: cleared
            }
            pollInsideSoError.countDown();
            try {
                letThePollGoOn.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return (int) REFUSED;
        }, handle -> 0);
        racing.started(7);
        // threads of their own: the common pool may have a single thread, which would run them one after the other
        CompletableFuture<Integer> poll =
                CompletableFuture.supplyAsync(() -> racing.errorNow(7), PendingConnectsTest::start);
        assertTrue(pollInsideSoError.await(10, TimeUnit.SECONDS));
        CompletableFuture<Integer> finish =
                CompletableFuture.supplyAsync(() -> racing.finish(7), PendingConnectsTest::start);
        try {
            finish.get(200, TimeUnit.MILLISECONDS); // before the fix it did not wait, and returned 0
        } catch (TimeoutException waitsForThePoll) {
            // it waits for the poll's read to be recorded
        }
        letThePollGoOn.countDown();
        assertEquals((int) REFUSED, poll.get(10, TimeUnit.SECONDS));
        assertEquals((int) REFUSED, finish.get(10, TimeUnit.SECONDS), "finishConnect learns the error the poll read");
        assertEquals(1, reads.get(), "SO_ERROR read once");
        assertFalse(racing.any());
    }

    private static void start(Runnable task) {
        Thread.ofPlatform().daemon().start(task);
    }
}
