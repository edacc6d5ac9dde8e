package dev.hvsock.internal.platform;

import java.io.IOException;

/**
 * A poll set's {@link Wakeup}: signalled at most once until the poll that sees it drains it, so that a
 * {@link PollSet#wakeup()} called again and again before that poll costs no system call after the first.
 */
public final class CoalescingWakeup implements Wakeup {
    private final Wakeup wakeup;
    private final Object lock = new Object();
    // Guarded by lock: whether a signal is on its way to the next poll.
    private boolean pending;

    public CoalescingWakeup(Wakeup wakeup) {
        this.wakeup = wakeup;
    }

    @Override
    public long handle() {
        return wakeup.handle();
    }

    @Override
    public void signal() throws IOException {
        synchronized (lock) {
            if (!pending) {
                pending = true;
                wakeup.signal();
            }
        }
    }

    @Override
    public void drain() throws IOException {
        synchronized (lock) {
            wakeup.drain();
            pending = false;
        }
    }

    @Override
    public void close() throws IOException {
        wakeup.close();
    }
}
