package dev.hvsock.internal.channel;

import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of a channel (reading, or writing): the native scratch memory its calls use, and how
 * a thread blocked on that direction is woken.
 *
 * <p>The scratch memory is used only under the channel's lock for this direction, so the hot path
 * allocates nothing. Platform threads wait in {@code poll} on the socket plus a {@link Wakeup} that is
 * created the first time one has to wait; virtual threads park through the {@link VirtualThreadPoller}.
 * A wake-up is sticky: once close or shutdown has woken this side, every later wait returns at once,
 * which is what a closed or shut-down direction needs.
 */
final class IoSide {
    private final NativePlatform platform;
    private final long handle;

    /** Where a call's OS error is captured; guarded by the direction's lock. */
    final MemorySegment callState;
    /** Scratch for {@link NativePlatform#poll}; guarded by the direction's lock. */
    private final MemorySegment pollScratch;
    /** Native copies for vectored I/O, created on first use; guarded by the direction's lock. */
    private VectorIo vectorIo;

    // -- guarded by this
    private Wakeup wakeup;
    private boolean woken;

    IoSide(NativePlatform platform, long handle) {
        this.platform = platform;
        this.handle = handle;
        // Freed by the GC with the channel: close() must not free memory a racing thread may still touch.
        Arena arena = Arena.ofAuto();
        this.callState = arena.allocate(platform.callStateSize(), 8);
        this.pollScratch = arena.allocate(platform.pollScratchSize(), 8);
    }

    VectorIo vectorIo() {
        VectorIo v = vectorIo;
        if (v == null) {
            vectorIo = v = new VectorIo(platform);
        }
        return v;
    }

    /**
     * Waits until the socket has one of {@code events}, this side is woken, or {@code timeoutNanos}
     * passes ({@code <= 0}: no limit). Spurious returns are allowed: callers retry their operation.
     * With no {@code events} it just sleeps until woken or timed out.
     */
    void await(int events, long timeoutNanos) throws IOException {
        if (events == 0 && Thread.currentThread().isVirtual()) {
            LockSupport.parkNanos(this, timeoutNanos);
        } else if (Thread.currentThread().isVirtual()) {
            VirtualThreadPoller.get(platform).park(handle, events, timeoutNanos);
        } else {
            long millis = timeoutNanos <= 0 ? -1 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999));
            platform.poll(handle, events, wakeupHandle(), millis, pollScratch);
        }
    }

    /** The events the socket has now, without waiting. */
    int pollNow(int events) throws IOException {
        return platform.poll(handle, events, -1, 0, pollScratch);
    }

    private synchronized long wakeupHandle() throws IOException {
        if (wakeup == null) {
            wakeup = platform.openWakeup();
            if (woken) {
                wakeup.signal();
            }
        }
        return wakeup.handle();
    }

    /** Ends the current and all later waits on this side; {@code waiter} is the thread waiting now, if any. */
    synchronized void wake(Thread waiter) {
        woken = true;
        if (wakeup != null) {
            try {
                wakeup.signal();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot wake a thread blocked on a socket", e);
            }
        }
        if (waiter != null && waiter.isVirtual()) {
            LockSupport.unpark(waiter);
        }
    }

    /** Releases the wake-up handle; called once no thread can wait on this side any more. */
    synchronized void close() throws IOException {
        if (wakeup != null) {
            Wakeup w = wakeup;
            wakeup = null;
            w.close();
        }
    }
}
