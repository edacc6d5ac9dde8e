package dev.hvsock.internal.channel;

import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Readiness;
import dev.hvsock.internal.platform.Sockets;
import dev.hvsock.internal.platform.Wakeup;
import dev.hvsock.internal.poller.ParkingPoller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One {@link Direction} of a channel (reading, or writing): the native scratch memory its calls use, and
 * how a thread blocked on that direction waits and is woken.
 *
 * <p>The scratch memory is used only under the channel's lock for this direction, so the hot path
 * allocates nothing. A platform thread on a socket in blocking mode waits inside the kernel, in the
 * read or write itself ({@link #transferBlocking}, {@link #transferVectorBlocking}), which a close ends
 * through {@link Sockets#preClose}. Otherwise a thread waits for readiness ({@link #awaitReady}):
 * a virtual thread parks through the {@link ParkingPoller}, and so does a platform thread, unless the
 * platform's {@linkplain Readiness#platformThreadsPollThemselves() platform threads poll themselves}
 * (Linux): then it polls the socket plus a {@link Wakeup} that is created the first time one has to wait.
 * A wake-up is sticky: once close or shutdown has woken this side, every later wait returns at once,
 * which is what a closed or shut-down direction needs. Every wait of a blocking operation is in one of
 * these methods, or in {@link #awaitWakeup}.
 */
final class IoSide {
    private final NativePlatform platform;
    private final long handle;
    private final Direction direction;

    /** Where a call's OS error is captured; guarded by the direction's lock. */
    final MemorySegment callState;
    /** Scratch for {@link Readiness#poll}; guarded by the direction's lock. */
    private final MemorySegment pollScratch;
    /** Native copies for vectored I/O, created on first use; guarded by the direction's lock. */
    private VectorIo vectorIo;
    /**
     * The last heap array this side passed to the kernel, a segment over all of it, and the last slice
     * of that segment; guarded by the direction's lock, dropped at close. See {@link #heapSegment}.
     */
    private byte[] heapArray;
    private MemorySegment heapWhole;
    private MemorySegment heapSlice;

    // -- guarded by this
    private Wakeup wakeup;
    private boolean woken;

    IoSide(NativePlatform platform, long handle, Direction direction) {
        this.platform = platform;
        this.handle = handle;
        this.direction = direction;
        // Freed by the GC with the channel: close() must not free memory a racing thread may still touch.
        Arena arena = Arena.ofAuto();
        this.callState = arena.allocate(platform.sockets().callStateSize(), 8);
        this.pollScratch = arena.allocate(platform.readiness().pollScratchSize(), 8);
    }

    private VectorIo vectorIo() {
        VectorIo v = vectorIo;
        if (v == null) {
            vectorIo = v = new VectorIo(platform);
        }
        return v;
    }

    /**
     * A segment over {@code array[offset .. offset+length)}, for a critical call that reads into or
     * writes from a heap buffer without a copy. Escape analysis does not reliably remove a segment made
     * per call (JMH saw 224 B per write+read in some runs), so the segment over the whole array and the
     * last slice are kept while the caller goes on with the same array and range, as a loop over one
     * buffer does: then nothing is allocated. The array stays reachable from the channel until another
     * array is used or the channel is closed.
     */
    MemorySegment heapSegment(byte[] array, int offset, int length) {
        MemorySegment slice = heapSlice;
        if (array != heapArray) {
            heapArray = array;
            heapWhole = MemorySegment.ofArray(array);
            slice = null;
        }
        // a heap segment's address is its offset in the array
        if (slice == null || slice.address() != offset || slice.byteSize() != length) {
            heapSlice = slice = heapWhole.asSlice(offset, length);
        }
        return slice;
    }

    /**
     * One {@code readv} (the reading side) or {@code writev} of {@code buffers[offset .. offset+length)}:
     * the count, or an {@link dev.hvsock.internal.platform.IOStatus}. It never waits on a socket in
     * non-blocking mode; on one in blocking mode call {@link #transferVectorBlocking}.
     */
    long transferVector(ByteBuffer[] buffers, int offset, int length, SocketAddress context) throws IOException {
        VectorIo v = vectorIo();
        int entries = v.prepare(buffers, offset, length, direction);
        if (entries == 0) {
            return 0;
        }
        long n = direction == Direction.READ ? platform.sockets().readv(handle, v.vector(), entries, callState, context)
                : platform.sockets().writev(handle, v.vector(), entries, callState, context);
        v.complete(buffers, Math.max(n, 0), direction);
        return n;
    }

    /**
     * Reads into {@code buffer} (the reading side) or writes from it once, waiting inside the kernel
     * until the socket has bytes or room: how a platform thread waits on a socket in blocking mode
     * ({@link Readiness#canBlockInKernel()}), in one system call. A close ends the wait through
     * {@link Sockets#preClose}, a shutdown of this direction by itself. A heap buffer's bytes pass
     * through the thread's {@link BounceBuffers}, since a call that may block cannot take heap memory.
     *
     * @return the count (a write waits until all of it is taken, unless ended early), or an
     *         {@link dev.hvsock.internal.platform.IOStatus}
     */
    int transferBlocking(ByteBuffer buffer, SocketAddress context) throws IOException {
        int pos = buffer.position();
        int len = buffer.limit() - pos;
        if (len <= 0) {
            return 0;
        }
        boolean reading = direction == Direction.READ;
        int n;
        if (buffer.isDirect()) {
            MemorySegment segment = MemorySegment.ofBuffer(buffer);
            n = reading ? platform.sockets().readBlocking(handle, segment, len, callState, context)
                    : platform.sockets().writeBlocking(handle, segment, len, callState, context);
        } else {
            MemorySegment bounce = BounceBuffers.get(len);
            int chunk = (int) Math.min(len, bounce.byteSize());
            if (reading) {
                n = platform.sockets().readBlocking(handle, bounce, chunk, callState, context);
                if (n > 0) {
                    MemorySegment.copy(bounce, ValueLayout.JAVA_BYTE, 0, buffer.array(), buffer.arrayOffset() + pos,
                            n);
                }
            } else {
                if (buffer.hasArray()) {
                    MemorySegment.copy(buffer.array(), buffer.arrayOffset() + pos, bounce, ValueLayout.JAVA_BYTE, 0,
                            chunk);
                } else {
                    MemorySegment.copy(MemorySegment.ofBuffer(buffer), 0, bounce, 0, chunk); // read-only heap buffer
                }
                n = platform.sockets().writeBlocking(handle, bounce, chunk, callState, context);
            }
        }
        if (n > 0) {
            buffer.position(pos + n);
        }
        return n;
    }

    /**
     * As {@link #transferBlocking} for a scattering read or gathering write: on a socket in blocking mode
     * {@code readv}/{@code writev} wait inside the kernel.
     */
    long transferVectorBlocking(ByteBuffer[] buffers, int offset, int length, SocketAddress context)
            throws IOException {
        return transferVector(buffers, offset, length, context);
    }

    /**
     * Waits until the socket has one of {@code events} (never 0), this side is woken, or {@code timeoutNanos}
     * passes ({@code <= 0}: no limit). Spurious returns are allowed: callers retry their operation.
     */
    void awaitReady(int events, long timeoutNanos) throws IOException {
        if (parks(Thread.currentThread())) {
            ParkingPoller.get(platform.readiness()).park(handle, events, timeoutNanos);
        } else {
            pollWithWakeup(events, timeoutNanos);
        }
    }

    /** Waits until this side is woken or {@code timeoutNanos} (more than 0) pass, whatever the socket does. */
    void awaitWakeup(long timeoutNanos) throws IOException {
        if (parks(Thread.currentThread())) {
            LockSupport.parkNanos(this, timeoutNanos);
        } else {
            pollWithWakeup(0, timeoutNanos);
        }
    }

    /** Whether {@code thread} waits by parking, and is woken by an unpark, rather than in a poll of its own. */
    private boolean parks(Thread thread) {
        return thread.isVirtual() || !platform.readiness().platformThreadsPollThemselves();
    }

    private void pollWithWakeup(int events, long timeoutNanos) throws IOException {
        long millis = timeoutNanos <= 0 ? -1 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999));
        platform.readiness().poll(handle, events, wakeupHandle(), millis, pollScratch);
    }

    /** The events the socket has now, without waiting. */
    int pollNow(int events) throws IOException {
        return platform.readiness().poll(handle, events, -1, 0, pollScratch);
    }

    private synchronized long wakeupHandle() throws IOException {
        if (wakeup == null) {
            wakeup = platform.readiness().openWakeup();
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
        if (waiter != null && parks(waiter)) {
            LockSupport.unpark(waiter);
        }
    }

    /** Releases the wake-up handle; called once no thread can wait on this side any more. */
    synchronized void close() throws IOException {
        heapArray = null;
        heapWhole = null;
        heapSlice = null;
        if (wakeup != null) {
            Wakeup w = wakeup;
            wakeup = null;
            w.close();
        }
    }
}
