package dev.hvsock.internal.platform;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A poll set's wakeup signals the OS once until a poll drains it. */
class CoalescingWakeupTest {
    /** Counts what reaches the handle. */
    private static final class Counting implements Wakeup {
        int signals;
        int drains;
        boolean closed;

        @Override
        public long handle() {
            return 42;
        }

        @Override
        public void signal() {
            signals++;
        }

        @Override
        public void drain() {
            drains++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void signalsOnceUntilDrainedThenAgain() throws Exception {
        Counting handle = new Counting();
        CoalescingWakeup wakeup = new CoalescingWakeup(handle);
        assertEquals(42, wakeup.handle());
        wakeup.signal();
        wakeup.signal();
        wakeup.signal();
        assertEquals(1, handle.signals);
        wakeup.drain();
        assertEquals(1, handle.drains);
        wakeup.signal();
        assertEquals(2, handle.signals);
        wakeup.close();
        assertTrue(handle.closed);
    }
}
