package dev.hvsock.internal.poller;

import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.PollSet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link ParkingPoller} for poll sets that only their polling thread may change (a
 * {@code WSAPoll} array).
 *
 * <p>One daemon platform thread owns the {@link PollSet}. A parking thread queues its request and parks;
 * the poller registers the handle, and when it is ready removes it again before unparking the thread.
 * A thread that returns for another reason (close, interrupt, timeout) withdraws its request and waits
 * until the poller confirms, so that no registration outlives the wait: a handle number is reused as
 * soon as it is closed, and a stale registration would steal another socket's readiness.
 */
final class QueuedPoller extends ParkingPoller {
    private static final System.Logger LOG = System.getLogger(QueuedPoller.class.getName());

    private static final int WAITING = 0;
    private static final int FIRED = 1;
    private static final int WITHDRAWN = 2;

    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        final long handle;
        final int events;
        volatile int state = WAITING;
        volatile boolean withdraw;

        Waiter(long handle, int events) {
            this.handle = handle;
            this.events = events;
        }
    }

    private final PollSet pollSet;
    private final ConcurrentLinkedQueue<Waiter> requests = new ConcurrentLinkedQueue<>();
    // -- used by the poller thread only
    private final Map<Long, List<Waiter>> waiting = new HashMap<>();
    private final List<Waiter> fired = new ArrayList<>();

    QueuedPoller(PollSet pollSet) {
        this.pollSet = pollSet;
        Thread.ofPlatform().daemon().name("hvsock-poller").start(this::run);
    }

    @Override
    public void park(long handle, int events, long timeoutNanos) throws IOException {
        Waiter w = new Waiter(handle, events);
        requests.add(w);
        pollSet.wakeup();
        if (timeoutNanos > 0) {
            LockSupport.parkNanos(this, timeoutNanos);
        } else {
            LockSupport.park(this);
        }
        if (w.state == WAITING) {
            w.withdraw = true;
            requests.add(w);
            pollSet.wakeup();
            while (w.state == WAITING) {
                LockSupport.park(this);
            }
        }
    }

    private void run() {
        while (true) {
            try {
                pollOnce();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "hvsock-poller: poll failed; retrying", e);
                LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    private void pollOnce() throws IOException {
        Waiter w;
        while ((w = requests.poll()) != null) {
            if (w.withdraw) {
                withdraw(w);
            } else {
                List<Waiter> list = waiting.computeIfAbsent(w.handle, h -> new ArrayList<>(2));
                list.add(w);
                if (list.size() == 1) {
                    pollSet.add(w.handle, w.events, w.handle);
                } else {
                    pollSet.modify(w.handle, interest(list), w.handle);
                }
            }
        }
        int n = pollSet.poll(-1);
        if (n == IOStatus.INTERRUPTED) {
            return;
        }
        for (int i = 0; i < n; i++) {
            long handle = pollSet.readyToken(i);
            int ready = pollSet.readyEvents(i);
            List<Waiter> list = waiting.get(handle);
            if (list == null) {
                continue;
            }
            boolean failed = (ready & (Events.ERR | Events.HUP | Events.NVAL)) != 0;
            for (int k = list.size() - 1; k >= 0; k--) {
                Waiter x = list.get(k);
                if (failed || (x.events & ready) != 0) {
                    list.remove(k);
                    fired.add(x);
                }
            }
            if (!fired.isEmpty()) {
                // Unpark only after the handle is re-registered: a woken thread may close it at once, and
                // then a WSAPoll entry left for it would poll a dead handle, or another socket that was
                // given the same handle number.
                try {
                    reRegister(handle, list);
                } finally {
                    for (Waiter x : fired) {
                        x.state = FIRED;
                        LockSupport.unpark(x.thread);
                    }
                    fired.clear();
                }
            }
        }
    }

    private void withdraw(Waiter w) throws IOException {
        List<Waiter> list = waiting.get(w.handle);
        if (list != null && list.remove(w)) {
            reRegister(w.handle, list);
        }
        w.state = WITHDRAWN;
        LockSupport.unpark(w.thread);
    }

    private void reRegister(long handle, List<Waiter> list) throws IOException {
        if (list.isEmpty()) {
            waiting.remove(handle);
            pollSet.remove(handle);
        } else {
            pollSet.modify(handle, interest(list), handle);
        }
    }

    private static int interest(List<Waiter> list) {
        int events = 0;
        for (Waiter w : list) {
            events |= w.events;
        }
        return events;
    }

}
