package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.ArrayPollSet;
import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.PollArray;
import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bad handle in the array: whether {@code WSAPoll} fails the whole call ({@code WSAENOTSOCK}, issue 18's
 * assumption) or marks the entry {@code POLLNVAL} without counting it (what Wine's tests see on Windows), the
 * poll set finds the bad entries and fires them with {@code NVAL}, instead of failing every poll for good or
 * taking the poll for a timeout (a poller would spin and never wake the bad entry's waiter). Over fake
 * {@code WSAPoll}s that answer each way; {@code WsaPollOverModelTest} does it over the Winsock model.
 */
class WsaPollBadEntryTest {
    private static final long WAKEUP = 1_000;

    /** A WSAPoll that fails the whole call with WSAENOTSOCK if any entry's handle is bad, and never waits. */
    private static final class FakeWsaPoll implements WsaPollCall.Native {
        final Set<Long> bad = new HashSet<>();
        final Map<Long, Integer> conditions = new HashMap<>();
        int calls;
        int lastError;

        @Override
        public int poll(MemorySegment entries, int count, int timeoutMillis) {
            calls++;
            for (int i = 0; i < count; i++) {
                if (bad.contains(WsaPollEvents.handleOf(entries, i))) {
                    lastError = WsaErrors.WSAENOTSOCK;
                    return -1;
                }
            }
            int n = 0;
            for (int i = 0; i < count; i++) {
                int always = WsaPollEvents.POLLHUP | WsaPollEvents.POLLERR;
                int revents = conditions.getOrDefault(WsaPollEvents.handleOf(entries, i), 0)
                        & (WsaPollEvents.interestOf(entries, i) | always);
                WsaPollEvents.setRevents(entries, i, revents);
                n += revents != 0 ? 1 : 0;
            }
            return n;
        }

        @Override
        public int lastError() {
            return lastError;
        }
    }

    /** The Windows poll array's codec over the fake WSAPoll, through {@link WsaPollCall}. */
    private record ArrayOverFake(WsaPollCall.Native wsaPoll) implements PollArray {
        @Override
        public long entrySize() {
            return WsaPollEvents.ENTRY_SIZE;
        }

        @Override
        public void setEntry(MemorySegment array, int i, long handle, int events) {
            WsaPollEvents.setEntry(array, i, handle, events);
        }

        @Override
        public int readyEventsOf(MemorySegment array, int i) {
            return WsaPollEvents.fromWsa(WsaPollEvents.reventsOf(array, i));
        }

        @Override
        public int poll(MemorySegment array, int count, int timeoutMillis) throws IOException {
            return WsaPollCall.poll(wsaPoll, array, count, timeoutMillis);
        }
    }

    private static final Wakeup WAKEUP_PAIR = new Wakeup() {
        @Override
        public long handle() {
            return WAKEUP;
        }

        @Override
        public void signal() {
        }

        @Override
        public void drain() {
        }

        @Override
        public void close() {
        }
    };

    private final FakeWsaPoll wsaPoll = new FakeWsaPoll();
    private final ArrayPollSet set = new ArrayPollSet(WAKEUP_PAIR, new ArrayOverFake(wsaPoll));

    @Test
    void aBadHandleIsFiredWithNvalAndTheOthersStillReport() throws IOException {
        set.add(7, Events.IN, 70);
        set.add(8, Events.IN, 80);
        set.add(9, Events.OUT, 90);
        wsaPoll.bad.add(8L);
        wsaPoll.conditions.put(9L, (int) WsaPollEvents.POLLWRNORM);

        int ready = set.poll(-1); // before: WSAENOTSOCK thrown by this and by every poll after it
        assertEquals(2, ready);
        Map<Long, Integer> events = new HashMap<>();
        for (int i = 0; i < ready; i++) {
            events.put(set.readyToken(i), set.readyEvents(i));
        }
        assertTrue((events.get(80L) & Events.NVAL) != 0, "the bad entry fires, with NVAL: " + events);
        assertEquals(Events.OUT, events.get(90L) & Events.OUT, "the good ready entry is reported too");
        assertEquals(Set.of(80L, 90L), events.keySet(), "the good silent entry is not");
        assertEquals(1 + 4, wsaPoll.calls, "the failed call, then each entry (the wakeup included) alone");

        set.remove(8); // its channel is closed, as a channel whose handle went bad is
        wsaPoll.conditions.remove(9L);
        wsaPoll.conditions.put(7L, (int) WsaPollEvents.POLLRDNORM);
        assertEquals(1, set.poll(-1), "with the bad handle gone the array polls whole again");
        assertEquals(70L, set.readyToken(0));
    }

    @Test
    void anEntryThatItsOwnPollReportsInvalidCountsAsBad() throws IOException {
        // should Windows answer the entry polled alone with POLLNVAL rather than a failure, it is found all the same
        WsaPollCall.Native nvalAlone = new WsaPollCall.Native() {
            @Override
            public int poll(MemorySegment entries, int count, int timeoutMillis) {
                if (count > 1) {
                    return -1;
                }
                boolean bad = WsaPollEvents.handleOf(entries, 0) == 8;
                WsaPollEvents.setRevents(entries, 0, bad ? WsaPollEvents.POLLNVAL : 0);
                return bad ? 1 : 0;
            }

            @Override
            public int lastError() {
                return WsaErrors.WSAENOTSOCK;
            }
        };
        MemorySegment array = MemorySegment.ofArray(new long[4]);
        WsaPollEvents.setEntry(array, 0, 7, Events.IN);
        WsaPollEvents.setEntry(array, 1, 8, Events.IN);
        assertEquals(1, WsaPollCall.poll(nvalAlone, array, 2, -1));
        assertEquals(WsaPollEvents.POLLNVAL, WsaPollEvents.reventsOf(array, 1));
    }

    @Test
    void aBadEntryMarkedInvalidButLeftOutOfTheCountFiresAllTheSame() throws IOException {
        // Wine's dlls/ws2_32/tests/sock.c (test_WSAPoll), run on Windows: a bad handle among good ones gives a
        // return of 0 and POLLNVAL in its entry, no error. Before: the poll set took that 0 for a timeout, and a
        // selector returned 0 at once, again and again, never firing the entry.
        int[] calls = {0};
        WsaPollCall.Native nvalUncounted = new WsaPollCall.Native() {
            @Override
            public int poll(MemorySegment entries, int count, int timeoutMillis) {
                calls[0]++;
                for (int i = 0; i < count; i++) {
                    boolean bad = WsaPollEvents.handleOf(entries, i) == 8;
                    WsaPollEvents.setRevents(entries, i, bad ? WsaPollEvents.POLLNVAL : 0);
                }
                return 0;
            }

            @Override
            public int lastError() {
                return 0;
            }
        };
        ArrayPollSet overIt = new ArrayPollSet(WAKEUP_PAIR, new ArrayOverFake(nvalUncounted));
        overIt.add(7, Events.IN, 70);
        overIt.add(8, Events.IN, 80);
        assertEquals(1, overIt.poll(-1), "the bad entry is ready");
        assertEquals(80L, overIt.readyToken(0));
        assertTrue((overIt.readyEvents(0) & Events.NVAL) != 0, "with NVAL");
        assertEquals(1, calls[0], "one WSAPoll, no second round");
    }

    @Test
    void aFailureOfNoEntryIsThrown() {
        WsaPollCall.Native down = new WsaPollCall.Native() {
            @Override
            public int poll(MemorySegment entries, int count, int timeoutMillis) {
                return count == 1 ? 0 : -1; // the array fails, each entry alone is fine
            }

            @Override
            public int lastError() {
                return WsaErrors.WSAENOTSOCK;
            }
        };
        MemorySegment array = MemorySegment.ofArray(new long[4]);
        WsaPollEvents.setEntry(array, 0, 7, Events.IN);
        WsaPollEvents.setEntry(array, 1, 8, Events.IN);
        IOException e = assertThrows(IOException.class, () -> WsaPollCall.poll(down, array, 2, 0));
        assertTrue(e.getMessage().contains("WSAENOTSOCK"), e.getMessage());
    }
}
