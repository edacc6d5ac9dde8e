package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A {@link Wakeup} over a non-blocking {@code eventfd}. */
final class EventFdWakeup implements Wakeup {
    private final LinuxPlatform platform;
    private final int fd;
    // Shared by whichever threads signal and drain: both only ever move 8 bytes, never fail midway.
    private final MemorySegment counter;
    private final MemorySegment callState;

    EventFdWakeup(LinuxPlatform platform) throws IOException {
        this.platform = platform;
        Arena arena = Arena.ofAuto();
        this.counter = arena.allocate(ValueLayout.JAVA_LONG);
        this.callState = arena.allocate(Syscalls.CALL_STATE);
        this.fd = platform.eventfd();
    }

    @Override
    public long handle() {
        return fd;
    }

    @Override
    public synchronized void signal() throws IOException {
        counter.set(ValueLayout.JAVA_LONG, 0, 1L);
        platform.eventfdWrite(fd, counter, callState);
    }

    @Override
    public synchronized void drain() throws IOException {
        platform.eventfdRead(fd, counter, callState);
    }

    @Override
    public synchronized void close() throws IOException {
        platform.close(fd);
    }
}
