package dev.hvsock.internal.channel;

import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Readiness;
import dev.hvsock.internal.select.NativeSelectableChannel;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.ProtocolFamily;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link SocketChannel} over a native stream socket of any family the platform has (Hyper-V, vsock,
 * Unix): one class for all of them, as the JDK's {@code SocketChannelImpl} is.
 *
 * <p>Concurrency follows the JDK. Readers serialize on {@code readLock}, writers on {@code writeLock},
 * and neither blocks the other; connecting takes both. The state changes only under {@code stateLock},
 * and only forward. Every operation that may block is bracketed by {@code begin}/{@code end} and records
 * its thread. A platform thread waits inside the kernel where the platform's {@linkplain
 * Readiness#canBlockInKernel() readiness allows it} (the socket is then put in blocking mode); a virtual
 * thread, and every thread elsewhere, waits for readiness on the non-blocking socket. Either way
 * {@link #close()} from another thread ends the wait with {@link AsynchronousCloseException} and an interrupt with
 * {@link java.nio.channels.ClosedByInterruptException}. The handle is closed only once no thread uses it
 * and no selector has it registered, so a handle number is never reused under a thread's feet.
 */
public final class HvSocketChannelImpl extends SocketChannel implements NativeSelectableChannel {
    private final NativePlatform platform;
    private final ProtocolFamily family;
    private final long handle;

    // Lock held by the current reading or connecting thread; guards readSide's scratch memory
    private final ReentrantLock readLock = new ReentrantLock();
    private final IoSide readSide;

    // Lock held by the current writing or connecting thread; guards writeSide's scratch memory
    private final ReentrantLock writeLock = new ReentrantLock();
    private final IoSide writeSide;

    // Lock held by any thread that changes the state fields declared below.
    // Never held across a blocking call.
    private final Object stateLock = new Object();

    // Input/output shut down: changed under stateLock, read without it
    private volatile boolean isInputClosed;
    private volatile boolean isOutputClosed;

    // -- The following fields are protected by stateLock

    // State, only ever increasing
    private static final int ST_UNCONNECTED = 0;
    private static final int ST_CONNECTIONPENDING = 1;
    private static final int ST_CONNECTED = 2;
    private static final int ST_CLOSING = 3;
    private static final int ST_CLOSED = 4;
    private volatile int state; // read without stateLock

    // Threads blocked (or about to block) reading or connecting, and writing; null when none
    private Thread readerThread;
    private Thread writerThread;

    // Binding
    private SocketAddress localAddress;
    private SocketAddress remoteAddress;

    // Socket adaptor, created on demand
    private Socket socket;

    // The socket is in blocking mode (it starts non-blocking): blocking operations of platform threads
    // then wait inside the kernel, in one system call, and close ends them with a preClose
    private boolean socketBlocking;

    // A virtual thread used the channel in blocking mode: the socket stays non-blocking from then on,
    // and every blocking operation waits for readiness instead
    private boolean forcedNonBlocking;

    // -- End of fields protected by stateLock

    /** A new, unconnected socket of {@code family}. */
    public HvSocketChannelImpl(SelectorProvider provider, NativePlatform platform, ProtocolFamily family)
            throws IOException {
        super(provider);
        platform.addressRules().checkFamily(family);
        this.platform = platform;
        this.family = family;
        this.handle = platform.sockets().open(family);
        this.readSide = new IoSide(platform, handle, Direction.READ);
        this.writeSide = new IoSide(platform, handle, Direction.WRITE);
    }

    /**
     * The channel of an accepted connection with {@code remote}, the address {@code accept} gave (as the
     * JDK's, which asks the socket only for its local address); on failure the caller still owns
     * {@code acceptedHandle}.
     */
    HvSocketChannelImpl(SelectorProvider provider, NativePlatform platform, ProtocolFamily family,
                        long acceptedHandle, SocketAddress remote) throws IOException {
        super(provider);
        this.platform = platform;
        this.family = family;
        this.handle = acceptedHandle;
        this.readSide = new IoSide(platform, handle, Direction.READ);
        this.writeSide = new IoSide(platform, handle, Direction.WRITE);
        synchronized (stateLock) {
            this.localAddress = platform.sockets().localAddress(handle, family);
            this.remoteAddress = remote;
            this.state = ST_CONNECTED;
        }
    }

    /** The socket's family. */
    public ProtocolFamily family() {
        return family;
    }

    @Override
    public long handle() {
        return handle;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private void ensureOpenAndConnected() throws ClosedChannelException {
        int s = state;
        if (s < ST_CONNECTED) {
            throw new NotYetConnectedException();
        } else if (s > ST_CONNECTED) {
            throw new ClosedChannelException();
        }
    }

    // ---------------------------------------------------------------- options and addresses

    @Override
    public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        SocketOptionChecks.checkSupported(this, name, family, "sockets");
        SocketOptionChecks.checkValue(name, value);
        synchronized (stateLock) {
            ensureOpen();
            platform.sockets().setOption(handle, family, name, value);
            return this;
        }
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        SocketOptionChecks.checkSupported(this, name, family, "sockets");
        synchronized (stateLock) {
            ensureOpen();
            return platform.sockets().getOption(handle, family, name);
        }
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return platform.sockets().supportedOptions(family, false);
    }

    @Override
    public SocketChannel bind(SocketAddress local) throws IOException {
        SocketAddress checked = local == null ? null : platform.addressRules().checkAddress(family, local, true);
        readLock.lock();
        try {
            writeLock.lock();
            try {
                synchronized (stateLock) {
                    ensureOpen();
                    if (state == ST_CONNECTIONPENDING) {
                        throw new ConnectionPendingException();
                    }
                    if (localAddress != null) {
                        throw new AlreadyBoundException();
                    }
                    if (checked != null) {
                        platform.sockets().bind(handle, family, checked);
                    } else {
                        SocketAddress auto = platform.addressRules().autoBindAddress(family);
                        // A Unix client that binds to nothing stays unnamed, as the JDK's does.
                        if (!(auto instanceof UnixDomainSocketAddress)) {
                            platform.sockets().bind(handle, family, auto);
                        }
                    }
                    localAddress = platform.sockets().localAddress(handle, family);
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            readLock.unlock();
        }
        return this;
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            return localAddress;
        }
    }

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            return remoteAddress;
        }
    }

    /** The local address without checks, for the adaptor; null if unbound. */
    SocketAddress localAddress() {
        synchronized (stateLock) {
            return localAddress;
        }
    }

    /** The remote address without checks, for the adaptor; null if unconnected. */
    SocketAddress remoteAddress() {
        synchronized (stateLock) {
            return remoteAddress;
        }
    }

    @Override
    public Socket socket() {
        synchronized (stateLock) {
            if (socket == null) {
                socket = SocketAdaptor.create(this);
            }
            return socket;
        }
    }

    // ---------------------------------------------------------------- reading

    /** Returns whether the operation waits inside the kernel (see {@link #waitsInKernel()}). */
    private boolean beginRead(boolean blocking) throws IOException {
        if (blocking) {
            begin();
            synchronized (stateLock) {
                ensureOpen();
                readerThread = Thread.currentThread();
                return waitsInKernel();
            }
        }
        return false;
    }

    /**
     * Whether a blocking operation of the current thread waits inside the kernel, putting the socket in
     * blocking mode if it is not yet. A platform thread does, where the platform can; a virtual thread
     * never may block its carrier, so the first one to use the channel in blocking mode makes the socket
     * non-blocking for good (as the JDK does), and every blocking operation then waits for readiness.
     */
    private boolean waitsInKernel() throws IOException {
        assert Thread.holdsLock(stateLock);
        if (forcedNonBlocking || !platform.readiness().canBlockInKernel()) {
            return false;
        }
        if (Thread.currentThread().isVirtual()) {
            forcedNonBlocking = true;
            if (socketBlocking) {
                platform.sockets().setBlocking(handle, false);
                socketBlocking = false;
            }
            return false;
        }
        if (!socketBlocking) {
            platform.sockets().setBlocking(handle, true);
            socketBlocking = true;
        }
        return true;
    }

    private void endRead(boolean blocking, boolean completed) throws AsynchronousCloseException {
        if (blocking) {
            synchronized (stateLock) {
                readerThread = null;
                if (state == ST_CLOSING) {
                    tryFinishClose();
                }
            }
            end(completed);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return implRead(dst, -1);
    }

    /**
     * Reads in blocking mode, waiting at most {@code timeoutNanos} (0: no limit) for the first byte; for
     * the socket adaptor.
     *
     * @throws IllegalBlockingModeException if the channel is non-blocking, as a stream cannot return 0
     * @throws SocketTimeoutException if nothing arrived in time
     */
    int blockingRead(ByteBuffer dst, long timeoutNanos) throws IOException {
        return implRead(dst, timeoutNanos);
    }

    /** {@code timeoutNanos}: -1 for a channel read, else a blocking read with that limit (0: none). */
    private int implRead(ByteBuffer dst, long timeoutNanos) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        readLock.lock();
        try {
            ensureOpenAndConnected();
            boolean blocking = isBlocking();
            if (timeoutNanos >= 0 && !blocking) {
                throw new IllegalBlockingModeException();
            }
            int n = 0;
            try {
                // a read with a time limit waits for readiness, which the kernel's wait cannot bound
                boolean inKernel = beginRead(blocking) && timeoutNanos <= 0;
                if (isInputClosed) {
                    return IOStatus.EOF;
                }
                n = inKernel ? readSide.transferBlocking(dst, remoteAddress) : readOnce(dst);
                long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
                while (n == IOStatus.INTERRUPTED || (blocking && n == IOStatus.UNAVAILABLE && isOpen())) {
                    if (n == IOStatus.UNAVAILABLE) {
                        readSide.awaitReady(Events.IN, remaining(deadline));
                    }
                    n = inKernel ? readSide.transferBlocking(dst, remoteAddress) : readOnce(dst);
                }
            } finally {
                endRead(blocking, n > 0);
                if (n <= 0 && isInputClosed) {
                    return IOStatus.EOF;
                }
            }
            return n == IOStatus.UNAVAILABLE ? 0 : n;
        } finally {
            readLock.unlock();
        }
    }

    /** Nanoseconds left until {@code deadline} (0: none); throws once it has passed. */
    private static long remaining(long deadline) throws SocketTimeoutException {
        if (deadline == 0) {
            return 0;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("Read timed out");
        }
        return left;
    }

    /*
     * readOnce and writeOnce take a heap buffer's segment from its IoSide, which reuses it while the
     * buffer's array and range stay the same: a segment made per call (MemorySegment.ofBuffer or ofArray)
     * is not reliably removed by escape analysis, and then every call allocated (JMH -prof gc: up to 224 B
     * per write+read).
     */
    private int readOnce(ByteBuffer dst) throws IOException {
        int pos = dst.position();
        int len = dst.limit() - pos;
        if (len <= 0) {
            return 0;
        }
        int n;
        if (dst.hasArray()) {
            MemorySegment array = readSide.heapSegment(dst.array(), dst.arrayOffset() + pos, len);
            n = platform.sockets().read(handle, array, readSide.callState, remoteAddress);
        } else {
            n = platform.sockets().read(handle, MemorySegment.ofBuffer(dst), readSide.callState, remoteAddress);
        }
        if (n > 0) {
            dst.position(pos + n);
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer at index " + i);
            }
        }
        readLock.lock();
        try {
            ensureOpenAndConnected();
            boolean blocking = isBlocking();
            long n = 0;
            try {
                boolean inKernel = beginRead(blocking);
                if (isInputClosed) {
                    return IOStatus.EOF;
                }
                n = inKernel ? readSide.transferVectorBlocking(dsts, offset, length, remoteAddress)
                        : readSide.transferVector(dsts, offset, length, remoteAddress);
                while (n == IOStatus.INTERRUPTED || (blocking && n == IOStatus.UNAVAILABLE && isOpen())) {
                    if (n == IOStatus.UNAVAILABLE) {
                        readSide.awaitReady(Events.IN, 0);
                    }
                    n = inKernel ? readSide.transferVectorBlocking(dsts, offset, length, remoteAddress)
                            : readSide.transferVector(dsts, offset, length, remoteAddress);
                }
            } finally {
                endRead(blocking, n > 0);
                if (n <= 0 && isInputClosed) {
                    return IOStatus.EOF;
                }
            }
            return n == IOStatus.UNAVAILABLE ? 0 : n;
        } finally {
            readLock.unlock();
        }
    }

    // ---------------------------------------------------------------- writing

    /** Returns whether the operation waits inside the kernel (see {@link #waitsInKernel()}). */
    private boolean beginWrite(boolean blocking) throws IOException {
        if (blocking) {
            begin();
            synchronized (stateLock) {
                ensureOpen();
                if (isOutputClosed) {
                    throw new ClosedChannelException();
                }
                writerThread = Thread.currentThread();
                return waitsInKernel();
            }
        }
        return false;
    }

    private void endWrite(boolean blocking, boolean completed) throws AsynchronousCloseException {
        if (blocking) {
            synchronized (stateLock) {
                writerThread = null;
                if (state == ST_CLOSING) {
                    tryFinishClose();
                }
            }
            end(completed);
        }
    }

    /**
     * Writes {@code src}. In blocking mode it returns only once every byte is written, as a blocking
     * stream socket does; in non-blocking mode it writes what the socket buffer takes.
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        writeLock.lock();
        try {
            ensureOpenAndConnected();
            boolean blocking = isBlocking();
            if (isOutputClosed) {
                throw new ClosedChannelException();
            }
            int total = 0;
            int n = 0;
            try {
                boolean inKernel = beginWrite(blocking);
                do {
                    try {
                        n = inKernel ? writeSide.transferBlocking(src, remoteAddress) : writeOnce(src);
                    } catch (IOException e) {
                        n = endedByCloseOrShutdown(inKernel, e);
                    }
                    if (n > 0) {
                        total += n;
                    } else if (n == IOStatus.UNAVAILABLE && blocking) {
                        writeSide.awaitReady(Events.OUT, 0);
                    }
                    // a shutdownOutput from another thread ends a blocked write as a close does
                } while ((n == IOStatus.INTERRUPTED || (blocking && src.hasRemaining()))
                        && isOpen() && !isOutputClosed);
            } finally {
                endWrite(blocking, total > 0);
                if (total <= 0 && isOutputClosed) {
                    throw new AsynchronousCloseException();
                }
            }
            return total;
        } finally {
            writeLock.unlock();
        }
    }

    private int writeOnce(ByteBuffer src) throws IOException {
        int pos = src.position();
        int len = src.limit() - pos;
        if (len <= 0) {
            return 0;
        }
        int n;
        if (src.hasArray()) {
            MemorySegment array = writeSide.heapSegment(src.array(), src.arrayOffset() + pos, len);
            n = platform.sockets().write(handle, array, writeSide.callState, remoteAddress);
        } else {
            // direct, or a read-only heap buffer (no accessible array: allocates, but is rare)
            n = platform.sockets().write(handle, MemorySegment.ofBuffer(src), writeSide.callState, remoteAddress);
        }
        if (n > 0) {
            src.position(pos + n);
        }
        return n;
    }

    /** Writes every byte of {@code src}, blocking; for the socket adaptor's output stream. */
    void blockingWriteFully(ByteBuffer src) throws IOException {
        writeLock.lock();
        try {
            if (!isBlocking()) {
                throw new IllegalBlockingModeException();
            }
        } finally {
            writeLock.unlock();
        }
        write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        for (int i = offset; i < offset + length; i++) {
            Objects.requireNonNull(srcs[i], "srcs[" + i + "]");
        }
        writeLock.lock();
        try {
            ensureOpenAndConnected();
            boolean blocking = isBlocking();
            if (isOutputClosed) {
                throw new ClosedChannelException();
            }
            long total = 0;
            long n = 0;
            try {
                boolean inKernel = beginWrite(blocking);
                do {
                    try {
                        n = inKernel ? writeSide.transferVectorBlocking(srcs, offset, length, remoteAddress)
                                : writeSide.transferVector(srcs, offset, length, remoteAddress);
                    } catch (IOException e) {
                        n = endedByCloseOrShutdown(inKernel, e);
                    }
                    if (n > 0) {
                        total += n;
                    } else if (n == IOStatus.UNAVAILABLE && blocking) {
                        writeSide.awaitReady(Events.OUT, 0);
                    }
                } while ((n == IOStatus.INTERRUPTED || (blocking && hasRemaining(srcs, offset, length)))
                        && isOpen() && !isOutputClosed);
            } finally {
                endWrite(blocking, total > 0);
                if (total <= 0 && isOutputClosed) {
                    throw new AsynchronousCloseException();
                }
            }
            return total;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A write waiting in the kernel that a close or shutdownOutput ends fails with EPIPE: not the
     * peer's error, so it ends the write as a wakeup would ({@link IOStatus#INTERRUPTED}); any other
     * failure is rethrown.
     */
    private int endedByCloseOrShutdown(boolean inKernel, IOException e) throws IOException {
        if (inKernel && (!isOpen() || isOutputClosed)) {
            return IOStatus.INTERRUPTED;
        }
        throw e;
    }

    private static boolean hasRemaining(ByteBuffer[] bufs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bufs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- connecting

    @Override
    public boolean isConnected() {
        return state == ST_CONNECTED;
    }

    @Override
    public boolean isConnectionPending() {
        return state == ST_CONNECTIONPENDING;
    }

    private void beginConnect(boolean blocking, SocketAddress remote) throws IOException {
        if (blocking) {
            begin();
        }
        synchronized (stateLock) {
            ensureOpen();
            if (state == ST_CONNECTED) {
                throw new AlreadyConnectedException();
            }
            if (state == ST_CONNECTIONPENDING) {
                throw new ConnectionPendingException();
            }
            state = ST_CONNECTIONPENDING;
            remoteAddress = remote;
            if (blocking) {
                readerThread = Thread.currentThread();
            }
        }
    }

    private void endConnect(boolean blocking, boolean completed) throws IOException {
        endRead(blocking, completed);
        if (completed) {
            synchronized (stateLock) {
                if (state == ST_CONNECTIONPENDING) {
                    localAddress = platform.sockets().localAddress(handle, family);
                    state = ST_CONNECTED;
                }
            }
        }
    }

    @Override
    public boolean connect(SocketAddress remote) throws IOException {
        return implConnect(remote, 0);
    }

    /**
     * Connects in blocking mode, waiting at most {@code timeoutNanos} (0: no limit); for the socket adaptor.
     *
     * @throws SocketTimeoutException if the connection was not made in time (the channel is then closed)
     */
    void blockingConnect(SocketAddress remote, long timeoutNanos) throws IOException {
        readLock.lock();
        try {
            if (!isBlocking()) {
                throw new IllegalBlockingModeException();
            }
        } finally {
            readLock.unlock();
        }
        implConnect(remote, timeoutNanos);
    }

    private boolean implConnect(SocketAddress remote, long timeoutNanos) throws IOException {
        Objects.requireNonNull(remote, "remote");
        SocketAddress target = platform.addressRules().checkAddress(family, remote, false);
        try {
            readLock.lock();
            try {
                writeLock.lock();
                try {
                    ensureOpen();
                    boolean blocking = isBlocking();
                    boolean connected = false;
                    try {
                        beginConnect(blocking, target);
                        // non-blocking: a full Unix backlog fails the connect at once, as the JDK's does
                        int r = platform.sockets().connect(handle, family, target, blocking);
                        connected = r > 0;
                        if (!connected && blocking) {
                            connected = awaitConnect(timeoutNanos, r == IOStatus.UNAVAILABLE);
                        }
                    } finally {
                        endConnect(blocking, connected);
                    }
                    return connected;
                } finally {
                    writeLock.unlock();
                }
            } finally {
                readLock.unlock();
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Blocks until a connect completes or fails. {@code backlogFull}: the listener's backlog had no room, so
     * no connect is in progress; nothing signals when the backlog drains, so the connect is tried again, with
     * a back-off, until it is taken (the JDK's blocking connect waits in the kernel for the same).
     */
    private boolean awaitConnect(long timeoutNanos, boolean backlogFull) throws IOException {
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        long backoff = TimeUnit.MILLISECONDS.toNanos(1);
        boolean retry = backlogFull;
        while (isOpen()) {
            if (retry) {
                int r = platform.sockets().connect(handle, family, remoteAddress(), true);
                if (r > 0) {
                    return isOpen();
                }
                retry = r == IOStatus.UNAVAILABLE; // else in progress: wait for it as for any other
            } else if (pollConnectNow()) {
                return isOpen();
            }
            long left = deadline == 0 ? 0 : deadline - System.nanoTime();
            if (deadline != 0 && left <= 0) {
                throw new SocketTimeoutException("Connect timed out: " + remoteAddress());
            }
            if (retry) {
                long sleep = left == 0 ? backoff : Math.min(backoff, left);
                readSide.awaitWakeup(sleep);
                backoff = Math.min(backoff * 2, TimeUnit.MILLISECONDS.toNanos(50));
            } else {
                readSide.awaitReady(Events.OUT, left);
            }
        }
        return false;
    }

    /** Whether a connect in progress has completed, without waiting; throws its error if it failed. */
    private boolean pollConnectNow() throws IOException {
        if (readSide.pollNow(Events.OUT) == 0) {
            return false;
        }
        platform.sockets().checkConnectResult(handle, remoteAddress());
        return true;
    }

    private void beginFinishConnect(boolean blocking) throws ClosedChannelException {
        if (blocking) {
            begin();
        }
        synchronized (stateLock) {
            ensureOpen();
            if (state != ST_CONNECTIONPENDING) {
                throw new NoConnectionPendingException();
            }
            if (blocking) {
                readerThread = Thread.currentThread();
            }
        }
    }

    @Override
    public boolean finishConnect() throws IOException {
        try {
            readLock.lock();
            try {
                writeLock.lock();
                try {
                    if (isConnected()) {
                        return true;
                    }
                    ensureOpen();
                    boolean blocking = isBlocking();
                    boolean connected = false;
                    try {
                        beginFinishConnect(blocking);
                        connected = blocking ? awaitConnect(0, false) : pollConnectNow() && isOpen();
                    } finally {
                        endConnect(blocking, connected);
                    }
                    return connected;
                } finally {
                    writeLock.unlock();
                }
            } finally {
                readLock.unlock();
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- shutdown, blocking mode, close

    @Override
    public SocketChannel shutdownInput() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (!isConnected()) {
                throw new NotYetConnectedException();
            }
            if (!isInputClosed) {
                platform.sockets().shutdownInput(handle, remoteAddress);
                isInputClosed = true;
                readSide.wake(readerThread);
            }
            return this;
        }
    }

    @Override
    public SocketChannel shutdownOutput() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (!isConnected()) {
                throw new NotYetConnectedException();
            }
            if (!isOutputClosed) {
                // Set first: a writer waiting in the kernel wakes with EPIPE the moment the shutdown lands,
                // and must see that it was this shutdown, not the peer, that ended its write.
                isOutputClosed = true;
                try {
                    platform.sockets().shutdownOutput(handle, remoteAddress);
                } catch (IOException | RuntimeException e) {
                    isOutputClosed = false;
                    throw e;
                }
                writeSide.wake(writerThread);
            }
            return this;
        }
    }

    boolean isInputOpen() {
        return !isInputClosed;
    }

    boolean isOutputOpen() {
        return !isOutputClosed;
    }

    @Override
    protected void implConfigureBlocking(boolean block) throws IOException {
        // Taking both locks waits out operations in the old mode. A socket put in blocking mode for
        // platform threads goes back to non-blocking now; the next blocking operation sets it again.
        readLock.lock();
        try {
            writeLock.lock();
            try {
                synchronized (stateLock) {
                    ensureOpen();
                    if (!block && socketBlocking) {
                        platform.sockets().setBlocking(handle, false);
                        socketBlocking = false;
                    }
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Closes the handle if no thread is in an operation and no selector has it registered. */
    private boolean tryClose() throws IOException {
        assert Thread.holdsLock(stateLock) && state == ST_CLOSING;
        if (readerThread == null && writerThread == null && !isRegistered()) {
            state = ST_CLOSED;
            try {
                readSide.close();
                writeSide.close();
            } finally {
                platform.sockets().close(handle);
            }
            return true;
        }
        return false;
    }

    private void tryFinishClose() {
        try {
            tryClose();
        } catch (IOException ignore) {
            // the handle is released whatever close reports; nobody is left to tell
        }
    }

    @Override
    protected void implCloseSelectableChannel() throws IOException {
        if (isBlocking()) {
            synchronized (stateLock) {
                state = ST_CLOSING;
                if (!tryClose()) {
                    if (socketBlocking) {
                        // a thread may be waiting inside the kernel, where no wakeup reaches it
                        platform.sockets().preClose(handle);
                    }
                    readSide.wake(readerThread);
                    writeSide.wake(writerThread);
                }
            }
        } else {
            boolean connected;
            synchronized (stateLock) {
                connected = state == ST_CONNECTED;
                state = ST_CLOSING;
            }
            // non-blocking operations never wait: let the ones in flight finish
            readLock.lock();
            readLock.unlock();
            writeLock.lock();
            writeLock.unlock();
            synchronized (stateLock) {
                if (state == ST_CLOSING && !tryClose() && connected && isRegistered() && !isOutputClosed) {
                    // The close waits for the selectors; let the peer see EOF now.
                    try {
                        platform.sockets().shutdownOutput(handle, remoteAddress);
                    } catch (IOException ignore) {
                        // best effort: the peer sees EOF at the final close anyway
                    }
                }
            }
        }
    }

    @Override
    public void kill() {
        readLock.lock();
        readLock.unlock();
        writeLock.lock();
        writeLock.unlock();
        synchronized (stateLock) {
            if (state == ST_CLOSING) {
                tryFinishClose();
            }
        }
    }

    // ---------------------------------------------------------------- selection

    @Override
    public int translateInterestOps(int ops) {
        int events = 0;
        if ((ops & SelectionKey.OP_READ) != 0) {
            events |= Events.IN;
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            events |= Events.OUT;
        }
        return events;
    }

    @Override
    public int opsReadyFor(int events, int interestOps) {
        int ready = 0;
        boolean connected = isConnected();
        if ((events & Events.IN) != 0 && (interestOps & SelectionKey.OP_READ) != 0 && connected) {
            ready |= SelectionKey.OP_READ;
        }
        if ((events & Events.OUT) != 0 && (interestOps & SelectionKey.OP_CONNECT) != 0 && isConnectionPending()) {
            ready |= SelectionKey.OP_CONNECT;
        }
        if ((events & Events.OUT) != 0 && (interestOps & SelectionKey.OP_WRITE) != 0 && connected) {
            ready |= SelectionKey.OP_WRITE;
        }
        return ready;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('[').append(family).append(' ');
        if (!isOpen()) {
            return sb.append("closed]").toString();
        }
        synchronized (stateLock) {
            sb.append(switch (state) {
                case ST_UNCONNECTED -> "unconnected";
                case ST_CONNECTIONPENDING -> "connection-pending";
                case ST_CONNECTED -> "connected";
                default -> "closing";
            });
            if (isInputClosed) {
                sb.append(" ishut");
            }
            if (isOutputClosed) {
                sb.append(" oshut");
            }
            if (localAddress != null) {
                sb.append(" local=").append(localAddress);
            }
            if (remoteAddress != null) {
                sb.append(" remote=").append(remoteAddress);
            }
        }
        return sb.append(']').toString();
    }
}
