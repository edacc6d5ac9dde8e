package dev.hvsock.internal.platform;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PollSet} kept as an array of poll entries and handed whole to the OS on every poll:
 * {@code WSAPoll} on Windows, {@code poll(2)} on Linux (where it exists to run the Windows selector's
 * logic in tests). Entry 0 is always the set's own {@link Wakeup}.
 *
 * <p>Each poll costs O(registered handles); epoll is the scalable choice where it exists.
 *
 * <p><b>Conditions the OS reports unasked.</b> An entry that reports nothing its interest asked for and no
 * error ({@link Events#ERR}, {@link Events#HUP}, {@link Events#NVAL}) is of no use to its waiter, and the OS
 * may go on reporting it at once, poll after poll: {@code WSAPoll} reports a peer's orderly shutdown
 * ({@code POLLHUP}, readable) on every poll, whatever the entry asked for, and cannot be told not to
 * (Microsoft Learn, WSAPoll: "Error conditions are always returned"). A writer waiting for room after its
 * peer's {@code shutdownOutput()} would make every poll return at once: a busy loop. Such an entry is
 * therefore taken out of the array the OS waits on, and put back for one look after a delay that doubles
 * from {@link #FIRST_RECHECK_MILLIS} to {@link #MAX_RECHECK_MILLIS} while the condition lasts. Nothing
 * better exists with this API: once the hang-up is latched, {@code WSAPoll} cannot wait for
 * {@code POLLWRNORM} alone (the JDK's own Windows selector avoids {@code WSAPoll} for this reason and asks
 * the AFD driver directly, through wepoll, for a disconnect only where a reader asked). A change of the
 * entry's interest puts it back at once. {@code poll(2)} never reports such a condition (Linux reports
 * {@code POLLHUP} only once both directions are shut, and then a write fails), so this never happens there.
 *
 * <p>A poll returns only with a ready entry, a wakeup, or its time up: never empty-handed early because
 * of a condition nobody asked for.
 */
public final class ArrayPollSet implements PollSet {
    /** The first delay before an entry that reports only unasked conditions is looked at again. */
    public static final int FIRST_RECHECK_MILLIS = 1;
    /** The longest delay between two looks at such an entry. */
    public static final int MAX_RECHECK_MILLIS = 50;

    private final Wakeup wakeup;
    private final PollArray os;
    private final long entrySize;

    /*
     * The entries: [0] the wakeup, [1, active) polled, [active, count) set aside until recheckAt. Each
     * per-entry array is indexed like the native array; swap() moves all of them together.
     */
    private MemorySegment array;
    private MemorySegment swapSpace;
    private long[] handles;
    private long[] tokens;
    private int[] interest;
    private long[] recheckAt;
    private int[] recheckMillis;
    private int active;
    private int count;
    private final Map<Long, Integer> indexOf = new HashMap<>();

    // What the last poll found: copied out, since setting entries aside moves them in the array
    private long[] readyTokens;
    private int[] readyEvents;
    private int readyCount;
    private boolean woken;

    /**
     * A set over {@code os}'s array poll with {@code wakeup} as entry 0; it closes the wakeup when it is closed.
     */
    public ArrayPollSet(Wakeup wakeup, PollArray os) {
        this.wakeup = new CoalescingWakeup(wakeup);
        this.os = os;
        this.entrySize = os.entrySize();
        int capacity = 64;
        Arena arena = Arena.ofAuto();
        this.array = arena.allocate(entrySize * capacity, 8);
        this.swapSpace = arena.allocate(entrySize, 8);
        this.handles = new long[capacity];
        this.tokens = new long[capacity];
        this.interest = new int[capacity];
        this.recheckAt = new long[capacity];
        this.recheckMillis = new int[capacity];
        this.readyTokens = new long[capacity];
        this.readyEvents = new int[capacity];
        handles[0] = wakeup.handle();
        interest[0] = Events.IN;
        os.setEntry(array, 0, wakeup.handle(), Events.IN);
        active = count = 1;
    }

    /** A set over {@code readiness}'s array poll, with a new wakeup of its own, closed again if the set fails. */
    static ArrayPollSet open(Readiness readiness) throws IOException {
        Wakeup wakeup = readiness.openWakeup();
        try {
            return new ArrayPollSet(wakeup, readiness.newPollArray());
        } catch (RuntimeException | Error e) {
            wakeup.close();
            throw e;
        }
    }

    @Override
    public void add(long handle, int events, long token) {
        if (count == handles.length) {
            grow();
        }
        int i = count++;
        handles[i] = handle;
        tokens[i] = token;
        interest[i] = events;
        recheckMillis[i] = 0;
        indexOf.put(handle, i);
        os.setEntry(array, i, handle, events);
        if (i != active) {
            swap(i, active); // before the entries set aside
        }
        active++;
    }

    @Override
    public void modify(long handle, int events, long token) {
        int i = indexOf.get(handle);
        tokens[i] = token;
        interest[i] = events;
        recheckMillis[i] = 0;
        os.setEntry(array, i, handle, events);
        if (i >= active) {
            swap(i, active++); // what it waits for changed: poll it again
        }
    }

    @Override
    public void remove(long handle) {
        Integer boxed = indexOf.get(handle);
        if (boxed == null) {
            return;
        }
        int i = boxed;
        if (i < active) {
            swap(i, --active);
            i = active;
        }
        swap(i, --count);
        indexOf.remove(handle);
    }

    /** Exchanges entries {@code i} and {@code j}, native bytes (events reported so far included) and all. */
    private void swap(int i, int j) {
        if (i == j) {
            return;
        }
        MemorySegment a = array.asSlice(i * entrySize, entrySize);
        MemorySegment b = array.asSlice(j * entrySize, entrySize);
        swapSpace.copyFrom(a);
        a.copyFrom(b);
        b.copyFrom(swapSpace);
        swap(handles, i, j);
        swap(tokens, i, j);
        swap(interest, i, j);
        swap(recheckAt, i, j);
        swap(recheckMillis, i, j);
        indexOf.put(handles[i], i);
        indexOf.put(handles[j], j);
    }

    private static void swap(long[] values, int i, int j) {
        long v = values[i];
        values[i] = values[j];
        values[j] = v;
    }

    private static void swap(int[] values, int i, int j) {
        int v = values[i];
        values[i] = values[j];
        values[j] = v;
    }

    private void grow() {
        int capacity = handles.length * 2;
        MemorySegment bigger = Arena.ofAuto().allocate(entrySize * capacity, 8);
        MemorySegment.copy(array, 0, bigger, 0, entrySize * count);
        array = bigger;
        handles = Arrays.copyOf(handles, capacity);
        tokens = Arrays.copyOf(tokens, capacity);
        interest = Arrays.copyOf(interest, capacity);
        recheckAt = Arrays.copyOf(recheckAt, capacity);
        recheckMillis = Arrays.copyOf(recheckMillis, capacity);
        readyTokens = new long[capacity];
        readyEvents = new int[capacity];
    }

    @Override
    public int poll(long timeoutMillis) throws IOException {
        readyCount = 0;
        woken = false;
        long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
        while (true) {
            long now = System.nanoTime();
            // rounded up: a wait rounded down to 0 would return at once, again and again, until the deadline
            long wait = timeoutMillis > 0 ? Math.max(0, (deadline - now + 999_999) / 1_000_000) : timeoutMillis;
            long untilRecheck = readmitDue(now);
            boolean recheckFirst = untilRecheck >= 0 && (wait < 0 || untilRecheck < wait);
            int n = os.poll(array, active, (int) Math.min(recheckFirst ? untilRecheck : wait, Integer.MAX_VALUE));
            if (n == IOStatus.INTERRUPTED) {
                return n;
            }
            if (n > 0) {
                collect(System.nanoTime());
            }
            if (readyCount > 0 || woken || (!recheckFirst && n == 0) || timeoutMillis == 0) {
                return readyCount;
            }
            if (timeoutMillis > 0 && System.nanoTime() - deadline >= 0) {
                return 0;
            }
            // only conditions nobody asked for were reported, or a recheck is due: go round again
        }
    }

    /**
     * Puts back the entries set aside whose recheck is due by {@code now}.
     *
     * @return the milliseconds until the next recheck of an entry still set aside (at least 1), or -1 if none
     */
    private long readmitDue(long now) {
        long next = Long.MAX_VALUE;
        for (int i = active; i < count; i++) {
            long left = recheckAt[i] - now;
            if (left < 1_000_000) { // due, or within the millisecond a poll's timeout cannot express
                os.setEntry(array, i, handles[i], interest[i]); // clears what it reported before it was set aside
                swap(i, active++);
            } else {
                next = Math.min(next, left);
            }
        }
        return next == Long.MAX_VALUE ? -1 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next + 999_999));
    }

    /** Takes what the OS reported: ready entries are copied out, entries with only unasked conditions set aside. */
    private void collect(long now) throws IOException {
        for (int i = 0; i < active; i++) {
            int events = os.readyEventsOf(array, i);
            if (events == 0) {
                continue;
            }
            if (i == 0) {
                wakeup.drain();
                woken = true;
            } else if ((events & (interest[i] | Events.ERR | Events.HUP | Events.NVAL)) != 0) {
                recheckMillis[i] = 0;
                readyTokens[readyCount] = tokens[i];
                readyEvents[readyCount++] = events;
            } else {
                int delay = recheckMillis[i] == 0 ? FIRST_RECHECK_MILLIS
                        : Math.min(recheckMillis[i] * 2, MAX_RECHECK_MILLIS);
                recheckMillis[i] = delay;
                recheckAt[i] = now + TimeUnit.MILLISECONDS.toNanos(delay);
                swap(i, --active);
                i--; // the entry swapped in from the end of the polled ones is looked at next
            }
        }
    }

    @Override
    public boolean woken() {
        return woken;
    }

    @Override
    public long readyToken(int i) {
        return readyTokens[i];
    }

    @Override
    public int readyEvents(int i) {
        return readyEvents[i];
    }

    @Override
    public void wakeup() throws IOException {
        wakeup.signal();
    }

    @Override
    public long pollableHandle() {
        return -1;
    }

    @Override
    public void close() throws IOException {
        wakeup.close();
    }
}
