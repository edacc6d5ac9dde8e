package dev.hvsock.internal.platform;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link PollSet} kept as an array of poll entries and handed whole to the OS on every poll:
 * {@code WSAPoll} on Windows, {@code poll(2)} on Linux (where it exists to run the Windows selector's
 * logic in tests). Entry 0 is always the set's own {@link Wakeup}.
 *
 * <p>Each poll costs O(registered handles); epoll is the scalable choice where it exists.
 */
public abstract class ArrayPollSet implements PollSet {
    private final Wakeup wakeup;
    private final long entrySize;

    private MemorySegment array;
    private long[] handles;
    private long[] tokens;
    private int[] interest;
    private int count;
    private final Map<Long, Integer> indexOf = new HashMap<>();
    private int[] readyIndex;
    private int readyCount;
    private boolean woken;

    protected ArrayPollSet(Wakeup wakeup, long entrySize) {
        this.wakeup = new CoalescingWakeup(wakeup);
        this.entrySize = entrySize;
        int capacity = 64;
        this.array = Arena.ofAuto().allocate(entrySize * capacity, 8);
        this.handles = new long[capacity];
        this.tokens = new long[capacity];
        this.interest = new int[capacity];
        this.readyIndex = new int[capacity];
        handles[0] = wakeup.handle();
        interest[0] = Events.IN;
        setEntry(array, 0, wakeup.handle(), Events.IN);
        count = 1;
    }

    /** Writes entry {@code i}: {@code handle} polled for the neutral {@code events}. */
    protected abstract void setEntry(MemorySegment array, int i, long handle, int events);

    /** The neutral events the OS reported for entry {@code i}. */
    protected abstract int readyEventsOf(MemorySegment array, int i);

    /** Polls the first {@code count} entries: the number ready, or {@link IOStatus#INTERRUPTED}. */
    protected abstract int pollArray(MemorySegment array, int count, int timeoutMillis) throws IOException;

    @Override
    public void add(long handle, int events, long token) {
        if (count == handles.length) {
            grow();
        }
        int i = count++;
        handles[i] = handle;
        tokens[i] = token;
        interest[i] = events;
        indexOf.put(handle, i);
        setEntry(array, i, handle, events);
    }

    @Override
    public void modify(long handle, int events, long token) {
        int i = indexOf.get(handle);
        tokens[i] = token;
        interest[i] = events;
        setEntry(array, i, handle, events);
    }

    @Override
    public void remove(long handle) {
        Integer boxed = indexOf.remove(handle);
        if (boxed == null) {
            return;
        }
        int i = boxed;
        int last = --count;
        if (i != last) {
            handles[i] = handles[last];
            tokens[i] = tokens[last];
            interest[i] = interest[last];
            indexOf.put(handles[i], i);
            setEntry(array, i, handles[i], interest[i]);
        }
    }

    private void grow() {
        int capacity = handles.length * 2;
        MemorySegment bigger = Arena.ofAuto().allocate(entrySize * capacity, 8);
        MemorySegment.copy(array, 0, bigger, 0, entrySize * count);
        array = bigger;
        handles = Arrays.copyOf(handles, capacity);
        tokens = Arrays.copyOf(tokens, capacity);
        interest = Arrays.copyOf(interest, capacity);
        readyIndex = new int[capacity];
    }

    @Override
    public int poll(long timeoutMillis) throws IOException {
        readyCount = 0;
        woken = false;
        int timeout = (int) Math.min(timeoutMillis, Integer.MAX_VALUE);
        int n = pollArray(array, count, timeout);
        if (n == IOStatus.INTERRUPTED || n == 0) {
            return n;
        }
        for (int i = 0; i < count; i++) {
            int events = readyEventsOf(array, i);
            if (events == 0) {
                continue;
            }
            if (i == 0) {
                wakeup.drain();
                woken = true;
            } else {
                readyIndex[readyCount++] = i;
            }
        }
        return readyCount;
    }

    @Override
    public boolean woken() {
        return woken;
    }

    @Override
    public long readyToken(int i) {
        return tokens[readyIndex[i]];
    }

    @Override
    public int readyEvents(int i) {
        return readyEventsOf(array, readyIndex[i]);
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
