package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.internal.platform.OsErrors.Operation;
import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A {@link Wakeup} over a non-blocking {@code eventfd}. */
final class EventFdWakeup implements Wakeup {
    private final LinuxSockets platform;
    private final int fd;
    // Shared by whichever threads signal and drain, under this object's lock: both only ever move 8 bytes.
    private final MemorySegment counter;
    private final MemorySegment callState;

    EventFdWakeup(LinuxSockets platform) throws IOException {
        this.platform = platform;
        Arena arena = Arena.ofAuto();
        this.counter = arena.allocate(ValueLayout.JAVA_LONG);
        this.callState = arena.allocate(Downcalls.CALL_STATE);
        int fd = Downcalls.eventfd(callState, 0, LibC.EFD_NONBLOCK() | LibC.EFD_CLOEXEC());
        if (fd < 0) {
            throw Errno.exception(Operation.WAKEUP, "eventfd", Downcalls.errno(callState));
        }
        this.fd = fd;
    }

    @Override
    public long handle() {
        return fd;
    }

    @Override
    public synchronized void signal() throws IOException {
        counter.set(ValueLayout.JAVA_LONG, 0, 1L);
        // EAGAIN: the counter is at its maximum, so the eventfd is readable already
        if (Downcalls.write(callState, fd, counter, 8L) < 0 && Downcalls.errno(callState) != Errno.EAGAIN) {
            throw Errno.exception(Operation.WAKEUP, "signal eventfd " + fd, Downcalls.errno(callState));
        }
    }

    @Override
    public synchronized void drain() throws IOException {
        // EAGAIN: nothing to drain
        if (Downcalls.read(callState, fd, counter, 8L) < 0 && Downcalls.errno(callState) != Errno.EAGAIN) {
            throw Errno.exception(Operation.WAKEUP, "drain eventfd " + fd, Downcalls.errno(callState));
        }
    }

    @Override
    public synchronized void close() throws IOException {
        platform.close(fd);
    }
}
