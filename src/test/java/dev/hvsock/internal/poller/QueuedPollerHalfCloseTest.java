package dev.hvsock.internal.poller;

import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.windows.FakeWsaPollSet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Windows poller thread (a {@code WSAPoll} array) while a writer waits for room on a socket whose peer
 * has shut its output down: {@code WSAPoll} reports {@code POLLHUP} for it on every poll, and the poller
 * must neither spin nor wake the writer for it, only once there is room.
 */
class QueuedPollerHalfCloseTest {
    private static final long SOCKET = 7;

    @Test
    void aParkedWriterStaysParkedWithoutSpinningUntilThereIsRoom() throws Exception {
        FakeWsaPollSet set = FakeWsaPollSet.create();
        set.set(SOCKET, FakeWsaPollSet.POLLHUP); // the peer's FIN; our send buffer is full
        QueuedPoller poller = new QueuedPoller(set);
        CompletableFuture<Long> parked = new CompletableFuture<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            long start = System.nanoTime();
            try {
                poller.park(SOCKET, Events.OUT, 0);
                parked.complete(System.nanoTime() - start);
            } catch (Throwable t) {
                parked.completeExceptionally(t);
            }
        });
        Thread.sleep(300);
        assertFalse(parked.isDone(), "the writer was woken for a hang-up that tells it nothing");
        int polls = set.polls();
        assertTrue(polls <= 40, polls + " WSAPoll calls in 300 ms");
        set.set(SOCKET, FakeWsaPollSet.POLLHUP | FakeWsaPollSet.POLLWRNORM);
        parked.get(5, TimeUnit.SECONDS);
        writer.join();
    }
}
