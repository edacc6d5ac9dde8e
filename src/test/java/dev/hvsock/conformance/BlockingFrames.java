package dev.hvsock.conformance;

import java.util.List;

/**
 * Where a thread blocked in an implementation's channels or selector waits, as {@code SimpleClass.method}
 * stack frames: a test waits until its background thread is there before it closes, interrupts or wakes
 * it, so that it tests the blocked case and not a race.
 *
 * @param io where a blocking read, write, accept or connect waits, on platform and virtual threads
 * @param select where a blocked {@code select} waits
 */
public record BlockingFrames(List<String> io, List<String> select) {
    /** hvsock-nio: each blocking operation waits in an IoSide method named for its wait, its selector in one of two. */
    public static final BlockingFrames HVSOCK = new BlockingFrames(
            List.of("IoSide.transferBlocking", "IoSide.transferVectorBlocking", "IoSide.awaitReady",
                    "IoSide.awaitWakeup"),
            List.of("HvSelector.blockingPoll", "HvSelector.parkingPoll"));

    /**
     * The JDK (sun.nio.ch, as of JDK 25): a platform thread blocks in the system call itself (its socket is in
     * blocking mode), a virtual thread parks in {@code SelChImpl.park}; selectors wait in {@code epoll_wait}
     * ({@code WEPoll.wait} on Windows), or park through the {@code Poller} on a virtual thread.
     */
    static final BlockingFrames JDK = new BlockingFrames(
            List.of("SocketDispatcher.read0", "SocketDispatcher.readv0", "SocketDispatcher.write0",
                    "SocketDispatcher.writev0", "UnixDomainSockets.accept0", "UnixDomainSockets.connect0",
                    "SelChImpl.park"),
            List.of("EPoll.wait", "WEPoll.wait", "Poller.pollSelector"));
}
