package dev.hvsock.internal.select;

import java.nio.channels.Channel;

/**
 * What the selector needs from a channel: its handle, and the translation between NIO's operation
 * bits and the platform-neutral readiness {@link dev.hvsock.internal.platform.Events}.
 */
public interface NativeSelectableChannel extends Channel {
    /** The socket handle. */
    long handle();

    /** The events to poll for, given NIO interest {@code ops}. */
    int translateInterestOps(int ops);

    /**
     * Sets the key's ready set from polled {@code events} ({@code set}) or adds to it ({@code !set}).
     *
     * @return whether the ready set gained an operation
     */
    boolean translateReadyOps(int events, HvSelectionKey key, boolean set);

    /**
     * Called by a selector once it has deregistered the channel's key; the channel closes its handle
     * if it is closed and no longer registered anywhere.
     */
    void kill();
}
