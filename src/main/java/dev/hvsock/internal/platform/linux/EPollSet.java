package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.ffi.linux.LibC;
import dev.hvsock.internal.platform.CoalescingWakeup;
import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.OsErrors.Operation;
import dev.hvsock.internal.platform.PollSet;
import dev.hvsock.internal.platform.Wakeup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A {@link PollSet} over {@code epoll}: the kernel keeps the interest set, so a poll costs O(ready)
 * however many handles are registered. The set's wakeup is an eventfd registered under its own token.
 */
final class EPollSet implements PollSet {
    private static final int MAX_EVENTS = 1024;
    private static final long WAKEUP_TOKEN = -1L;
    private static final long EVENT_SIZE = LinuxStructs.CURRENT.epollEvent().byteSize();
    private static final long DATA_OFFSET = LinuxStructs.offset(LinuxStructs.CURRENT.epollEvent(), "data");
    private static final int EPOLL_CTL_ADD = LibC.EPOLL_CTL_ADD();
    private static final int EPOLL_CTL_MOD = LibC.EPOLL_CTL_MOD();
    private static final int EPOLL_CTL_DEL = LibC.EPOLL_CTL_DEL();
    private static final int EPOLLONESHOT = LibC.EPOLLONESHOT();
    private static final int REPORTED = Events.IN | Events.OUT | Events.ERR | Events.HUP | Events.NVAL;

    private final LinuxSockets platform;
    private final int epfd;
    private final Wakeup wakeup;
    // Used by the polling thread only.
    private final MemorySegment readyEvents;
    private final MemorySegment ctlEvent;
    private final MemorySegment callState;
    private int ready;
    private boolean woken;

    EPollSet(LinuxSockets platform) throws IOException {
        this.platform = platform;
        Arena arena = Arena.ofAuto();
        this.readyEvents = arena.allocate(EVENT_SIZE * MAX_EVENTS, 8);
        this.ctlEvent = arena.allocate(EVENT_SIZE, 8);
        this.callState = arena.allocate(Downcalls.CALL_STATE);
        int epfd = Downcalls.epollCreate1(callState, LibC.EPOLL_CLOEXEC());
        if (epfd < 0) {
            throw Errno.exception(Operation.POLL, "epoll_create1", Downcalls.errno(callState));
        }
        this.epfd = epfd;
        try {
            this.wakeup = new CoalescingWakeup(new EventFdWakeup(platform));
            try {
                control(EPOLL_CTL_ADD, wakeup.handle(), Events.IN, WAKEUP_TOKEN);
            } catch (IOException e) {
                wakeup.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            platform.close(epfd);
            throw e;
        }
    }

    /** epoll_ctl from the polling thread, with this set's own native memory. */
    private void control(int op, long handle, int events, long token) throws IOException {
        ctlEvent.set(ValueLayout.JAVA_INT, 0, events);
        ctlEvent.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA_OFFSET, token);
        control(op, (int) handle, ctlEvent, callState);
    }

    private void control(int op, int fd, MemorySegment event, MemorySegment callState) throws IOException {
        if (Downcalls.epollCtl(callState, epfd, op, fd, event) < 0) {
            throw Errno.exception(Operation.POLL, "epoll_ctl(" + op + ") of socket " + fd,
                    Downcalls.errno(callState));
        }
    }

    /** epoll_ctl that any thread may call at any time, using no shared memory: whether it succeeded. */
    private boolean tryControlFromAnyThread(int op, long handle, int events, long token) {
        MemorySegment event = MemorySegment.ofArray(new byte[(int) EVENT_SIZE]);
        event.set(ValueLayout.JAVA_INT_UNALIGNED, 0, events);
        event.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA_OFFSET, token);
        return Downcalls.epollCtlHeap(epfd, op, (int) handle, event) == 0;
    }

    /** As {@link #tryControlFromAnyThread}, but a failure is thrown, naming the OS error. */
    private void controlFromAnyThread(int op, long handle, int events, long token) throws IOException {
        if (tryControlFromAnyThread(op, handle, events, token)) {
            return;
        }
        // once more, capturing errno this time, in memory of this call's own
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(EVENT_SIZE, 8);
            event.set(ValueLayout.JAVA_INT, 0, events);
            event.set(ValueLayout.JAVA_LONG_UNALIGNED, DATA_OFFSET, token);
            control(op, (int) handle, event, arena.allocate(Downcalls.CALL_STATE));
        }
    }

    @Override
    public void add(long handle, int events, long token) throws IOException {
        control(EPOLL_CTL_ADD, handle, events, token);
    }

    @Override
    public void modify(long handle, int events, long token) throws IOException {
        control(EPOLL_CTL_MOD, handle, events, token);
    }

    @Override
    public void remove(long handle) throws IOException {
        control(EPOLL_CTL_DEL, handle, 0, 0);
    }

    @Override
    public boolean armsConcurrently() {
        return true;
    }

    @Override
    public void arm(long handle, int events, long token) throws IOException {
        // re-arm a handle left in the set by its last report; a new one (or a number since reused) is added
        if (!tryControlFromAnyThread(EPOLL_CTL_MOD, handle, events | EPOLLONESHOT, token)) {
            controlFromAnyThread(EPOLL_CTL_ADD, handle, events | EPOLLONESHOT, token);
        }
    }

    @Override
    public void disarm(long handle) throws IOException {
        controlFromAnyThread(EPOLL_CTL_DEL, handle, 0, 0);
    }

    @Override
    public int poll(long timeoutMillis) throws IOException {
        woken = false;
        ready = 0;
        int timeout = (int) Math.min(timeoutMillis, Integer.MAX_VALUE);
        int n = Downcalls.epollWait(callState, epfd, readyEvents, MAX_EVENTS, timeout);
        if (n < 0) {
            int errno = Downcalls.errno(callState);
            if (errno == Errno.EINTR) {
                return IOStatus.INTERRUPTED;
            }
            throw Errno.exception(Operation.POLL, "epoll_wait", errno);
        }
        for (int i = 0; i < n; i++) {
            if (readyEvents.get(ValueLayout.JAVA_LONG_UNALIGNED, i * EVENT_SIZE + DATA_OFFSET) == WAKEUP_TOKEN) {
                wakeup.drain();
                woken = true;
                // move the last entry into the wakeup's place so that entries 0..n-2 are all sockets
                MemorySegment.copy(readyEvents, (n - 1) * EVENT_SIZE, readyEvents, i * EVENT_SIZE, EVENT_SIZE);
                n--;
                break;
            }
        }
        ready = n;
        return n;
    }

    @Override
    public boolean woken() {
        return woken;
    }

    @Override
    public long readyToken(int i) {
        return readyEvents.get(ValueLayout.JAVA_LONG_UNALIGNED, i * EVENT_SIZE + DATA_OFFSET);
    }

    @Override
    public int readyEvents(int i) {
        return readyEvents.get(ValueLayout.JAVA_INT, i * EVENT_SIZE) & REPORTED;
    }

    @Override
    public void wakeup() throws IOException {
        wakeup.signal();
    }

    @Override
    public long pollableHandle() {
        return epfd;
    }

    @Override
    public void close() throws IOException {
        try {
            wakeup.close();
        } finally {
            platform.close(epfd);
        }
    }
}
