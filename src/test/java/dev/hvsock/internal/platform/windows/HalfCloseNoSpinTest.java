package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.ArrayPollSet;
import dev.hvsock.internal.platform.Events;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static dev.hvsock.internal.platform.windows.FakeWsaPollSet.POLLERR;
import static dev.hvsock.internal.platform.windows.FakeWsaPollSet.POLLHUP;
import static dev.hvsock.internal.platform.windows.FakeWsaPollSet.POLLRDNORM;
import static dev.hvsock.internal.platform.windows.FakeWsaPollSet.POLLWRNORM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer's orderly shutdown on Windows: {@code WSAPoll} reports {@code POLLHUP} on every poll from then on,
 * asked for or not. It must mean "readable" to a reader and nothing to a writer, and a writer (or a selector
 * key with only OP_WRITE) waiting for room must not turn the poll into a busy loop. Driven by a fake WSAPoll
 * that counts its calls.
 */
class HalfCloseNoSpinTest {
    private static final long SOCKET = 7;
    private static final long OTHER = 8;
    /**
     * A busy loop makes tens of thousands of polls in the 300 ms below. The looks at an entry set aside, after
     * 1, 2, 4 ... 50 ms, cost two polls each (the look, and the wait for the next), about 25 in all.
     */
    private static final int MOST_POLLS = 40;

    private final FakeWsaPollSet set = FakeWsaPollSet.create();

    /** Polls as a selector loop (or the poller thread) does for {@code millis}, returning what was ready. */
    private int pollFor(long millis) throws IOException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        int ready = 0;
        long left;
        while ((left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) > 0) {
            ready += set.poll(left);
        }
        return ready;
    }

    @Test
    void aWriterWaitingForRoomAfterThePeersShutdownDoesNotSpinAndHearsOfRoomSoon() throws IOException {
        set.add(SOCKET, Events.OUT, SOCKET);
        set.set(SOCKET, POLLHUP); // the peer's FIN; our send buffer is full, so no POLLWRNORM
        long start = System.nanoTime();
        assertEquals(0, pollFor(300), "nothing a writer can use");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(290), "it waited, not returned");
        assertTrue(set.polls() <= MOST_POLLS, set.polls() + " WSAPoll calls in 300 ms");

        set.set(SOCKET, POLLHUP | POLLWRNORM); // the peer read: room again
        start = System.nanoTime();
        assertEquals(1, set.poll(5_000));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis <= ArrayPollSet.MAX_RECHECK_MILLIS + 200, "noticed after " + tookMillis + " ms");
        assertEquals(SOCKET, set.readyToken(0));
        assertEquals(Events.IN | Events.OUT, set.readyEvents(0), "writable, and readable (end of stream)");
    }

    @Test
    void aReaderIsToldAtOnceThatItWillReadTheEnd() throws IOException {
        set.add(SOCKET, Events.IN, SOCKET);
        set.set(SOCKET, POLLHUP);
        assertEquals(1, set.poll(5_000));
        assertEquals(Events.IN, set.readyEvents(0));
        assertEquals(1, set.polls());
    }

    @Test
    void anAbortMakesEveryInterestReady() throws IOException {
        set.add(SOCKET, Events.OUT, SOCKET);
        set.set(SOCKET, POLLHUP | POLLERR);
        assertEquals(1, set.poll(5_000));
        assertEquals(Events.ERR | Events.HUP, set.readyEvents(0));
    }

    @Test
    void otherSocketsAndWakeupsAreSeenAtOnceWhileOneIsSetAside() throws Exception {
        set.add(SOCKET, Events.OUT, SOCKET);
        set.add(OTHER, Events.IN, OTHER);
        set.set(SOCKET, POLLHUP);
        Thread.ofPlatform().start(() -> {
            sleep(100);
            set.set(OTHER, POLLRDNORM);
        });
        long start = System.nanoTime();
        assertEquals(1, set.poll(5_000));
        assertEquals(OTHER, set.readyToken(0));
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1_000));

        set.set(OTHER, 0);
        Thread.ofPlatform().start(() -> {
            sleep(100);
            try {
                set.wakeup();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(0, set.poll(5_000));
        assertTrue(set.woken());
        assertTrue(set.polls() <= 2 * MOST_POLLS, set.polls() + " polls");
    }

    @Test
    void aChangeOfInterestLooksAgainAtOnce() throws IOException {
        set.add(SOCKET, Events.OUT, SOCKET);
        set.set(SOCKET, POLLHUP);
        assertEquals(0, set.poll(100));
        set.modify(SOCKET, Events.IN | Events.OUT, SOCKET); // a reader came
        assertEquals(1, set.poll(0));
        assertEquals(Events.IN, set.readyEvents(0));
        set.remove(SOCKET);
        assertEquals(0, set.poll(50));
    }

    @Test
    void entriesSetAsideSurviveOtherEntriesComingAndGoing() throws IOException {
        set.add(SOCKET, Events.OUT, SOCKET);
        set.set(SOCKET, POLLHUP);
        assertEquals(0, set.poll(20));
        for (long h = 100; h < 200; h++) {
            set.add(h, Events.IN, h); // grows the array too
        }
        for (long h = 100; h < 200; h += 2) {
            set.remove(h);
        }
        set.set(151, POLLRDNORM);
        assertEquals(1, set.poll(1_000));
        assertEquals(151, set.readyToken(0));
        set.set(151, 0);
        set.set(SOCKET, POLLHUP | POLLWRNORM);
        assertEquals(1, set.poll(1_000));
        assertEquals(SOCKET, set.readyToken(0));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
