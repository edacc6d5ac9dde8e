package dev.hvsock.internal.select;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectionKey;

/** The registration of a {@link NativeSelectableChannel} with an {@link HvSelector}. */
public final class HvSelectionKey extends AbstractSelectionKey {
    private static final VarHandle INTEREST_OPS;

    static {
        try {
            INTEREST_OPS = MethodHandles.lookup().findVarHandle(HvSelectionKey.class, "interestOps", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final NativeSelectableChannel channel;
    private final HvSelector selector;

    private volatile int interestOps;
    private volatile int readyOps;

    // -- used by the selector while it holds its own lock
    /** The events registered in the poll set, 0 when absent. */
    int registeredEvents;
    /** The key's slot in the selector's key table, -1 when it has none. */
    int slot = -1;

    HvSelectionKey(NativeSelectableChannel channel, HvSelector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    @Override
    public SelectableChannel channel() {
        return (SelectableChannel) channel;
    }

    NativeSelectableChannel nativeChannel() {
        return channel;
    }

    @Override
    public Selector selector() {
        return selector;
    }

    private void ensureValid() {
        if (!isValid()) {
            throw new CancelledKeyException();
        }
    }

    @Override
    public int interestOps() {
        ensureValid();
        return interestOps;
    }

    @Override
    public java.nio.channels.SelectionKey interestOps(int ops) {
        ensureValid();
        checkOps(ops);
        int old = (int) INTEREST_OPS.getAndSet(this, ops);
        if (ops != old) {
            selector.interestChanged(this);
        }
        ensureValid();
        return this;
    }

    @Override
    public int interestOpsOr(int ops) {
        ensureValid();
        checkOps(ops);
        int old = (int) INTEREST_OPS.getAndBitwiseOr(this, ops);
        if (old != (old | ops)) {
            selector.interestChanged(this);
        }
        ensureValid();
        return old;
    }

    @Override
    public int interestOpsAnd(int ops) {
        ensureValid();
        int old = (int) INTEREST_OPS.getAndBitwiseAnd(this, ops);
        if (old != (old & ops)) {
            selector.interestChanged(this);
        }
        ensureValid();
        return old;
    }

    private void checkOps(int ops) {
        if ((ops & ~channel().validOps()) != 0) {
            throw new IllegalArgumentException("interest ops 0x" + Integer.toHexString(ops)
                    + " include operations this channel does not support (valid: 0x"
                    + Integer.toHexString(channel().validOps()) + ")");
        }
    }

    @Override
    public int readyOps() {
        ensureValid();
        return readyOps;
    }

    /** The interest set without the validity check, for the selector and the ready-set translation. */
    int nioInterestOps() {
        return interestOps;
    }

    /** The ready set without the validity check. */
    int nioReadyOps() {
        return readyOps;
    }

    /** Sets the ready set; for the ready-set translation. */
    void nioReadyOps(int ops) {
        readyOps = ops;
    }

    @Override
    public String toString() {
        return "HvSelectionKey[channel=" + channel + ", interestOps=" + (isValid() ? interestOps : "cancelled")
                + ", readyOps=" + readyOps + "]";
    }
}
