package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.ArrayPollSet;
import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.PollArray;
import dev.hvsock.internal.platform.PollSet;
import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Windows poll set's array ({@code WSAPOLLFD}s, {@link WsaPollEvents}) over a fake {@code WSAPoll} that
 * behaves as Microsoft documents it: each socket has conditions the test sets ({@code POLLRDNORM},
 * {@code POLLWRNORM}, {@code POLLHUP}, {@code POLLERR}), and a poll reports for each entry the ones it asked
 * for plus {@code POLLHUP}, {@code POLLERR} and {@code POLLNVAL} whatever it asked for ("Error conditions are
 * always returned"), returning at once if any entry has something, else waiting until one has or the time is
 * up. It counts its calls, which is how a test sees a busy loop.
 */
public final class FakeWsaPollSet implements PollSet {
    /** The fake wakeup's handle. */
    public static final long WAKEUP = 1_000_000;
    public static final int POLLRDNORM = WsaPollEvents.POLLRDNORM;
    public static final int POLLWRNORM = WsaPollEvents.POLLWRNORM;
    public static final int POLLHUP = WsaPollEvents.POLLHUP;
    public static final int POLLERR = WsaPollEvents.POLLERR;

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final Condition CHANGED = LOCK.newCondition();

    private final AtomicInteger polls = new AtomicInteger();
    private final Map<Long, Integer> conditions;
    /** The set under test: the Windows poll set's logic over the fake {@code WSAPoll}. */
    private final ArrayPollSet set;

    /** A wakeup whose handle has POLLRDNORM while signalled. */
    private static final class FakeWakeup implements Wakeup {
        private final Map<Long, Integer> conditions;

        FakeWakeup(Map<Long, Integer> conditions) {
            this.conditions = conditions;
        }

        @Override
        public long handle() {
            return WAKEUP;
        }

        @Override
        public void signal() {
            change(conditions, WAKEUP, POLLRDNORM);
        }

        @Override
        public void drain() {
            change(conditions, WAKEUP, 0);
        }

        @Override
        public void close() {
        }
    }

    /** The fake {@code WSAPoll} over an array of {@code WSAPOLLFD}s. */
    private final class FakeWsaPoll implements PollArray {
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
        public int poll(MemorySegment array, int count, int timeoutMillis) {
            return fakeWsaPoll(array, count, timeoutMillis);
        }
    }

    private FakeWsaPollSet(Map<Long, Integer> conditions) {
        this.conditions = conditions;
        this.set = new ArrayPollSet(new FakeWakeup(conditions), new FakeWsaPoll());
    }

    public static FakeWsaPollSet create() {
        return new FakeWsaPollSet(new ConcurrentHashMap<>());
    }

    private static void change(Map<Long, Integer> conditions, long handle, int revents) {
        LOCK.lock();
        try {
            conditions.put(handle, revents);
            CHANGED.signalAll();
        } finally {
            LOCK.unlock();
        }
    }

    /** Gives socket {@code handle} the raw WSAPoll conditions {@code revents} from now on. */
    public void set(long handle, int revents) {
        change(conditions, handle, revents);
    }

    /** How many times WSAPoll was called. */
    public int polls() {
        return polls.get();
    }

    @Override
    public void add(long handle, int events, long token) throws IOException {
        set.add(handle, events, token);
    }

    @Override
    public void modify(long handle, int events, long token) throws IOException {
        set.modify(handle, events, token);
    }

    @Override
    public void remove(long handle) throws IOException {
        set.remove(handle);
    }

    @Override
    public int poll(long timeoutMillis) throws IOException {
        return set.poll(timeoutMillis);
    }

    @Override
    public boolean woken() {
        return set.woken();
    }

    @Override
    public long readyToken(int i) {
        return set.readyToken(i);
    }

    @Override
    public int readyEvents(int i) {
        return set.readyEvents(i);
    }

    @Override
    public void wakeup() throws IOException {
        set.wakeup();
    }

    @Override
    public long pollableHandle() {
        return set.pollableHandle();
    }

    @Override
    public void close() throws IOException {
        set.close();
    }

    private int fakeWsaPoll(MemorySegment array, int count, int timeoutMillis) {
        polls.incrementAndGet();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(timeoutMillis, 0));
        LOCK.lock();
        try {
            while (true) {
                int n = 0;
                for (int i = 0; i < count; i++) {
                    int always = POLLHUP | POLLERR | WsaPollEvents.POLLNVAL;
                    int revents = conditions.getOrDefault(WsaPollEvents.handleOf(array, i), 0)
                            & (WsaPollEvents.interestOf(array, i) | always);
                    WsaPollEvents.setRevents(array, i, revents);
                    if (revents != 0) {
                        n++;
                    }
                }
                long left = deadline - System.nanoTime();
                if (n > 0 || (timeoutMillis >= 0 && left <= 0)) {
                    return n;
                }
                if (timeoutMillis < 0) {
                    CHANGED.await();
                } else {
                    CHANGED.awaitNanos(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            LOCK.unlock();
        }
    }

    /** The neutral events a fake socket's raw {@code revents} become. */
    public static int neutral(int revents) {
        return WsaPollEvents.fromWsa(revents) & (Events.IN | Events.OUT | Events.ERR | Events.HUP);
    }
}
