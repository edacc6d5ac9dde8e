package dev.hvsock.internal.select;

import dev.hvsock.internal.poller.ParkingPoller;
import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.PollSet;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link Selector} for hvsock-nio channels over a platform {@link PollSet} (epoll on Linux, WSAPoll on
 * Windows). Its structure follows the JDK's {@code SelectorImpl}/{@code EPollSelectorImpl}: interest
 * changes and cancellations are queued and applied by the selecting thread, so only that thread touches
 * the poll set, and a channel's handle is closed only after every selector has let go of it.
 *
 * <p>Each key owns a slot in a table and the slot number is the poll set's token, so turning a ready
 * event back into its key is an array index: no map, no boxing, nothing allocated per event.
 */
public final class HvSelector extends AbstractSelector {
    private final NativePlatform platform;
    private final PollSet pollSet;

    // The key sets, as the JDK has them: keys is concurrent (register adds without the selector lock);
    // selectedKeys is guarded by publicSelectedKeys.
    private final Set<SelectionKey> keys = ConcurrentHashMap.newKeySet();
    private final Set<SelectionKey> selectedKeys = new HashSet<>();
    private final Set<SelectionKey> publicKeys = Collections.unmodifiableSet(keys);
    private final Set<SelectionKey> publicSelectedKeys = new UngrowableSet<>(selectedKeys);

    // -- guarded by updateLock: keys whose interest changed since the last select
    private final Object updateLock = new Object();
    private final ArrayDeque<HvSelectionKey> updateKeys = new ArrayDeque<>();

    // -- guarded by interruptLock
    private final Object interruptLock = new Object();
    private boolean closedForWakeup;

    // -- guarded by this (the selecting thread)
    private HvSelectionKey[] slots = new HvSelectionKey[64];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int slotsUsed;
    private boolean inSelect;

    /**
     * A selector of {@code provider}'s channels over {@code pollSet}, which it owns from now on.
     */
    public HvSelector(SelectorProvider provider, NativePlatform platform, PollSet pollSet) {
        super(provider);
        this.platform = platform;
        this.pollSet = pollSet;
    }

    private void ensureOpen() {
        if (!isOpen()) {
            throw new ClosedSelectorException();
        }
    }

    @Override
    public Set<SelectionKey> keys() {
        ensureOpen();
        return publicKeys;
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        ensureOpen();
        return publicSelectedKeys;
    }

    @Override
    protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object attachment) {
        if (!(ch instanceof NativeSelectableChannel nch) || ch.provider() != provider()) {
            throw new IllegalSelectorException();
        }
        HvSelectionKey k = new HvSelectionKey(nch, this);
        k.attach(attachment);
        ensureOpen();
        keys.add(k);
        try {
            k.interestOps(ops);
        } catch (java.nio.channels.CancelledKeyException e) {
            // cancelled by another thread that found it in the key set: returning it cancelled is allowed
        }
        if (!isOpen()) {
            keys.remove(k);
            k.cancel();
            throw new ClosedSelectorException();
        }
        return k;
    }

    /** Queues a key whose interest set changed; the next selection applies it. */
    void interestChanged(HvSelectionKey k) {
        synchronized (updateLock) {
            updateKeys.addLast(k);
        }
    }

    @Override
    public int select(long timeout) throws IOException {
        if (timeout < 0) {
            throw new IllegalArgumentException("Negative timeout: " + timeout);
        }
        return lockAndDoSelect(null, timeout == 0 ? -1 : timeout);
    }

    @Override
    public int select() throws IOException {
        return lockAndDoSelect(null, -1);
    }

    @Override
    public int selectNow() throws IOException {
        return lockAndDoSelect(null, 0);
    }

    @Override
    public int select(Consumer<SelectionKey> action, long timeout) throws IOException {
        Objects.requireNonNull(action, "action");
        if (timeout < 0) {
            throw new IllegalArgumentException("Negative timeout: " + timeout);
        }
        return lockAndDoSelect(action, timeout == 0 ? -1 : timeout);
    }

    @Override
    public int select(Consumer<SelectionKey> action) throws IOException {
        Objects.requireNonNull(action, "action");
        return lockAndDoSelect(action, -1);
    }

    @Override
    public int selectNow(Consumer<SelectionKey> action) throws IOException {
        Objects.requireNonNull(action, "action");
        return lockAndDoSelect(action, 0);
    }

    private int lockAndDoSelect(Consumer<SelectionKey> action, long timeout) throws IOException {
        synchronized (this) {
            ensureOpen();
            if (inSelect) {
                throw new IllegalStateException("select already in progress in this thread");
            }
            inSelect = true;
            try {
                synchronized (publicSelectedKeys) {
                    return doSelect(action, timeout);
                }
            } finally {
                inSelect = false;
            }
        }
    }

    private int doSelect(Consumer<SelectionKey> action, long timeout) throws IOException {
        processUpdateQueue();
        processDeregisterQueue();
        int n;
        boolean blocking = timeout != 0;
        if (blocking && Thread.currentThread().isVirtual() && pollSet.pollableHandle() >= 0) {
            n = parkingPoll(timeout);
        } else {
            try {
                if (blocking) {
                    begin();
                }
                n = blockingPoll(timeout);
            } finally {
                if (blocking) {
                    end();
                }
            }
        }
        processDeregisterQueue();
        return processEvents(n, action);
    }

    private int blockingPoll(long timeout) throws IOException {
        long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : 0;
        long wait = timeout;
        while (true) {
            int n = pollSet.poll(wait);
            if (n != IOStatus.INTERRUPTED) {
                return n;
            }
            if (timeout > 0) {
                wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (wait <= 0) {
                    return 0;
                }
            }
        }
    }

    /** A virtual thread parks on the poll set's own handle rather than blocking its carrier in the poll. */
    private int parkingPoll(long timeout) throws IOException {
        long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : 0;
        ParkingPoller poller = ParkingPoller.get(platform.readiness());
        while (true) {
            int n = pollSet.poll(0);
            if (n > 0 || pollSet.woken() || Thread.currentThread().isInterrupted()) {
                return Math.max(n, 0);
            }
            long remaining = timeout > 0 ? deadline - System.nanoTime() : 0;
            if (timeout > 0 && remaining <= 0) {
                return 0;
            }
            poller.park(pollSet.pollableHandle(), Events.IN, remaining);
        }
    }

    private void processUpdateQueue() throws IOException {
        synchronized (updateLock) {
            HvSelectionKey k;
            while ((k = updateKeys.pollFirst()) != null) {
                if (!k.isValid()) {
                    continue;
                }
                if (k.slot < 0) {
                    k.slot = allocateSlot(k);
                }
                int events = k.nativeChannel().translateInterestOps(k.nioInterestOps());
                if (events != k.registeredEvents) {
                    long handle = k.nativeChannel().handle();
                    if (events == 0) {
                        pollSet.remove(handle);
                    } else if (k.registeredEvents == 0) {
                        pollSet.add(handle, events, k.slot);
                    } else {
                        pollSet.modify(handle, events, k.slot);
                    }
                    k.registeredEvents = events;
                }
            }
        }
    }

    private void processDeregisterQueue() throws IOException {
        Set<SelectionKey> cancelled = cancelledKeys();
        synchronized (cancelled) {
            if (cancelled.isEmpty()) {
                return;
            }
            Iterator<SelectionKey> it = cancelled.iterator();
            while (it.hasNext()) {
                HvSelectionKey k = (HvSelectionKey) it.next();
                it.remove();
                unregister(k);
                selectedKeys.remove(k);
                keys.remove(k);
                deregister(k);
                SelectableChannel ch = k.channel();
                if (!ch.isOpen() && !ch.isRegistered()) {
                    k.nativeChannel().kill();
                }
            }
        }
    }

    /** Takes a key out of the poll set and the slot table. */
    private void unregister(HvSelectionKey k) throws IOException {
        if (k.registeredEvents != 0) {
            k.registeredEvents = 0;
            pollSet.remove(k.nativeChannel().handle());
        }
        if (k.slot >= 0) {
            slots[k.slot] = null;
            if (freeCount == freeSlots.length) {
                freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
            }
            freeSlots[freeCount++] = k.slot;
            k.slot = -1;
        }
    }

    private int allocateSlot(HvSelectionKey k) {
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            if (slotsUsed == slots.length) {
                slots = Arrays.copyOf(slots, slotsUsed * 2);
            }
            slot = slotsUsed++;
        }
        slots[slot] = k;
        return slot;
    }

    private int processEvents(int n, Consumer<SelectionKey> action) {
        int updated = 0;
        for (int i = 0; i < n; i++) {
            long token = pollSet.readyToken(i);
            HvSelectionKey k = token >= 0 && token < slotsUsed ? slots[(int) token] : null;
            if (k == null || !k.isValid()) {
                continue;
            }
            updated += processReadyEvents(pollSet.readyEvents(i), k, action);
        }
        return updated;
    }

    /** As the JDK: with an action, the action sees each ready key; without, the selected-key set grows. */
    private int processReadyEvents(int events, HvSelectionKey k, Consumer<SelectionKey> action) {
        NativeSelectableChannel ch = k.nativeChannel();
        if (action != null) {
            ch.translateAndSetReadyOps(events, k);
            if ((k.nioReadyOps() & k.nioInterestOps()) != 0) {
                action.accept(k);
                ensureOpen();
                return 1;
            }
        } else if (selectedKeys.contains(k)) {
            if (ch.translateAndUpdateReadyOps(events, k)) {
                return 1;
            }
        } else {
            ch.translateAndSetReadyOps(events, k);
            if ((k.nioReadyOps() & k.nioInterestOps()) != 0) {
                selectedKeys.add(k);
                return 1;
            }
        }
        return 0;
    }

    @Override
    public Selector wakeup() {
        synchronized (interruptLock) {
            if (!closedForWakeup) {
                try {
                    pollSet.wakeup();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot wake up the selector", e);
                }
            }
        }
        return this;
    }

    @Override
    protected void implCloseSelector() throws IOException {
        wakeup();
        synchronized (this) {
            synchronized (interruptLock) {
                closedForWakeup = true;
            }
            synchronized (publicSelectedKeys) {
                Iterator<SelectionKey> it = keys.iterator();
                while (it.hasNext()) {
                    HvSelectionKey k = (HvSelectionKey) it.next();
                    unregister(k);
                    deregister(k);
                    SelectableChannel ch = k.channel();
                    if (!ch.isOpen() && !ch.isRegistered()) {
                        k.nativeChannel().kill();
                    }
                    selectedKeys.remove(k);
                    it.remove();
                }
                Set<SelectionKey> cancelled = cancelledKeys();
                synchronized (cancelled) {
                    cancelled.clear();
                }
            }
            pollSet.close();
        }
    }
}
