package dev.hvsock.internal.platform;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The array-poll way of waiting over any platform's {@link Readiness}: poll sets are {@link ArrayPollSet}s
 * over the platform's {@link Readiness#newPollArray() array poll}, sockets never wait in the kernel, and
 * platform threads park through the poller, whatever the platform it decorates would do. It is how Windows
 * waits anyway ({@code WSAPoll}, the {@link Readiness} defaults); over Linux ({@code poll(2)}) it is how the
 * tests run Windows' way of selecting and waiting, as the JDK keeps a {@code PollSelectorProvider} beside
 * its epoll one. Single polls, wakeups and the array poll itself are the decorated platform's.
 */
public final class ArrayPollReadiness implements Readiness {
    private final Readiness platform;

    public ArrayPollReadiness(Readiness platform) {
        this.platform = platform;
    }

    @Override
    public int poll(long handle, int events, long wakeup, long timeoutMillis, MemorySegment scratch)
            throws IOException {
        return platform.poll(handle, events, wakeup, timeoutMillis, scratch);
    }

    @Override
    public long pollScratchSize() {
        return platform.pollScratchSize();
    }

    @Override
    public Wakeup openWakeup() throws IOException {
        return platform.openWakeup();
    }

    @Override
    public PollArray newPollArray() {
        return platform.newPollArray();
    }

    @Override
    public PollSet openPollSet() throws IOException {
        return ArrayPollSet.open(this);
    }

    @Override
    public boolean canBlockInKernel() {
        return false;
    }

    @Override
    public boolean platformThreadsPollThemselves() {
        return false;
    }
}
