package dev.hvsock.internal.select;

import dev.hvsock.internal.platform.Events;

import java.nio.channels.Channel;

/**
 * What the selector needs from a channel: its handle, and the translation between NIO's operation
 * bits and the platform-neutral readiness {@link Events}, as the JDK's {@code SelChImpl}.
 */
public interface NativeSelectableChannel extends Channel {
    /** The socket handle. */
    long handle();

    /** The events to poll for, given NIO interest {@code ops}. */
    int translateInterestOps(int ops);

    /**
     * The operations among {@code interestOps} that the readiness {@code events} ({@link Events#IN},
     * {@link Events#OUT}; no error) make ready, in the channel's current state.
     */
    int opsReadyFor(int events, int interestOps);

    /**
     * Sets the key's ready set to what the polled {@code events} make ready.
     *
     * @return whether the ready set gained an operation
     */
    default boolean translateAndSetReadyOps(int events, HvSelectionKey key) {
        return translateReadyOps(events, 0, key);
    }

    /**
     * Adds to the key's ready set what the polled {@code events} make ready.
     *
     * @return whether the ready set gained an operation
     */
    default boolean translateAndUpdateReadyOps(int events, HvSelectionKey key) {
        return translateReadyOps(events, key.nioReadyOps(), key);
    }

    private boolean translateReadyOps(int events, int initialOps, HvSelectionKey key) {
        if ((events & Events.NVAL) != 0) {
            return false;
        }
        int interest = key.nioInterestOps();
        // As the JDK: an error or hang-up makes every interesting operation ready, so that it surfaces there.
        int ready = (events & (Events.ERR | Events.HUP)) != 0 ? interest : initialOps | opsReadyFor(events, interest);
        key.nioReadyOps(ready);
        return (ready & ~initialOps) != 0;
    }

    /**
     * Called by a selector once it has deregistered the channel's key; the channel closes its handle
     * if it is closed and no longer registered anywhere.
     */
    void kill();
}
