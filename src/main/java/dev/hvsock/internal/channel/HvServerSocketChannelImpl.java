package dev.hvsock.internal.channel;

import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.IOStatus;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.select.NativeSelectableChannel;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ServerSocketChannel} over a native listening socket of any family the platform has; see
 * {@link HvSocketChannelImpl} for the concurrency rules, which this class shares (one accept lock in
 * place of the read and write locks).
 */
public final class HvServerSocketChannelImpl extends ServerSocketChannel implements NativeSelectableChannel {
    private static final int DEFAULT_BACKLOG = 50;

    private final NativePlatform platform;
    private final ProtocolFamily family;
    private final long handle;

    // Lock held by the accepting thread; guards acceptSide's scratch memory
    private final ReentrantLock acceptLock = new ReentrantLock();
    private final IoSide acceptSide;

    // Lock held by any thread that changes the state fields declared below.
    // Never held across a blocking call.
    private final Object stateLock = new Object();

    // -- The following fields are protected by stateLock

    // State, only ever increasing
    private static final int ST_INUSE = 0;
    private static final int ST_CLOSING = 1;
    private static final int ST_CLOSED = 2;
    private volatile int state; // read without stateLock

    // The thread blocked (or about to block) accepting; null when none
    private Thread acceptorThread;

    // Binding
    private SocketAddress localAddress;

    // Socket adaptor, created on demand
    private ServerSocket socket;

    // -- End of fields protected by stateLock

    /** A new, unbound listening socket of {@code family}. */
    public HvServerSocketChannelImpl(SelectorProvider provider, NativePlatform platform, ProtocolFamily family)
            throws IOException {
        super(provider);
        platform.addressRules().checkFamily(family);
        this.platform = platform;
        this.family = family;
        this.handle = platform.sockets().open(family);
        this.acceptSide = new IoSide(platform, handle, Direction.READ);
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

    @Override
    public ServerSocket socket() {
        synchronized (stateLock) {
            if (socket == null) {
                socket = ServerSocketAdaptor.create(this);
            }
            return socket;
        }
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            return localAddress;
        }
    }

    SocketAddress localAddress() {
        synchronized (stateLock) {
            return localAddress;
        }
    }

    @Override
    public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        SocketOptionChecks.checkSupported(this, name, family, "listeners");
        SocketOptionChecks.checkValue(name, value);
        synchronized (stateLock) {
            ensureOpen();
            platform.sockets().setOption(handle, family, name, value);
            return this;
        }
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        SocketOptionChecks.checkSupported(this, name, family, "listeners");
        synchronized (stateLock) {
            ensureOpen();
            return platform.sockets().getOption(handle, family, name);
        }
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return platform.sockets().supportedOptions(family, true);
    }

    /**
     * Binds and listens. With a {@code null} address a Unix listener gets a fresh socket file in the
     * temporary directory, which stays when the listener closes, as the JDK's does: the application deletes
     * it ({@code Files.delete(((UnixDomainSocketAddress) getLocalAddress()).getPath())}, before the close
     * or after it). A vsock listener gets any CID and a free port, a Hyper-V listener the wildcard VM id and
     * a new random service id.
     */
    @Override
    public ServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
        SocketAddress checked = local == null ? null : platform.addressRules().checkAddress(family, local, true);
        synchronized (stateLock) {
            ensureOpen();
            if (localAddress != null) {
                throw new AlreadyBoundException();
            }
            SocketAddress target = checked != null ? checked : platform.addressRules().autoBindAddress(family);
            platform.sockets().bind(handle, family, target);
            platform.sockets().listen(handle, backlog < 1 ? DEFAULT_BACKLOG : backlog, target);
            localAddress = platform.sockets().localAddress(handle, family);
        }
        return this;
    }

    private void begin(boolean blocking) throws ClosedChannelException {
        if (blocking) {
            begin();
        }
        synchronized (stateLock) {
            ensureOpen();
            if (localAddress == null) {
                throw new NotYetBoundException();
            }
            if (blocking) {
                acceptorThread = Thread.currentThread();
            }
        }
    }

    private void end(boolean blocking, boolean completed) throws AsynchronousCloseException {
        if (blocking) {
            synchronized (stateLock) {
                acceptorThread = null;
                if (state == ST_CLOSING) {
                    tryFinishClose();
                }
            }
            end(completed);
        }
    }

    @Override
    public SocketChannel accept() throws IOException {
        return implAccept(0);
    }

    /**
     * Accepts in blocking mode, waiting at most {@code timeoutNanos} (0: no limit); for the adaptor.
     *
     * @throws SocketTimeoutException if no connection arrived in time
     */
    SocketChannel blockingAccept(long timeoutNanos) throws IOException {
        return implAccept(timeoutNanos);
    }

    private SocketChannel implAccept(long timeoutNanos) throws IOException {
        acceptLock.lock();
        try {
            boolean blocking = isBlocking();
            if (timeoutNanos > 0 && !blocking) {
                throw new IllegalBlockingModeException();
            }
            long accepted = 0;
            SocketAddress[] peer = new SocketAddress[1];
            try {
                begin(blocking);
                long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
                accepted = platform.sockets().accept(handle, localAddress, peer);
                while (accepted == IOStatus.INTERRUPTED
                        || (blocking && accepted == IOStatus.UNAVAILABLE && isOpen())) {
                    if (accepted == IOStatus.UNAVAILABLE) {
                        long left = deadline == 0 ? 0 : deadline - System.nanoTime();
                        if (deadline != 0 && left <= 0) {
                            throw new SocketTimeoutException("Accept timed out on " + localAddress);
                        }
                        acceptSide.awaitReady(Events.IN, left);
                    }
                    accepted = platform.sockets().accept(handle, localAddress, peer);
                }
            } finally {
                end(blocking, accepted >= 0);
            }
            if (accepted < 0) {
                return null;
            }
            try {
                return new HvSocketChannelImpl(provider(), platform, family, accepted, peer[0]);
            } catch (IOException | RuntimeException | Error e) {
                try {
                    platform.sockets().close(accepted);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } finally {
            acceptLock.unlock();
        }
    }

    @Override
    protected void implConfigureBlocking(boolean block) throws IOException {
        acceptLock.lock();
        try {
            synchronized (stateLock) {
                ensureOpen();
            }
        } finally {
            acceptLock.unlock();
        }
    }

    private boolean tryClose() throws IOException {
        assert Thread.holdsLock(stateLock) && state == ST_CLOSING;
        if (acceptorThread == null && !isRegistered()) {
            state = ST_CLOSED;
            acceptSide.close();
            platform.sockets().close(handle);
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
        synchronized (stateLock) {
            state = ST_CLOSING;
            if (tryClose()) {
                return;
            }
            acceptSide.wake(acceptorThread);
        }
        if (!isBlocking()) {
            // non-blocking accepts never wait: let one in flight finish
            acceptLock.lock();
            acceptLock.unlock();
            synchronized (stateLock) {
                if (state == ST_CLOSING) {
                    tryClose();
                }
            }
        }
    }

    @Override
    public void kill() {
        acceptLock.lock();
        acceptLock.unlock();
        synchronized (stateLock) {
            if (state == ST_CLOSING) {
                tryFinishClose();
            }
        }
    }

    @Override
    public int translateInterestOps(int ops) {
        return (ops & SelectionKey.OP_ACCEPT) != 0 ? Events.IN : 0;
    }

    @Override
    public int opsReadyFor(int events, int interestOps) {
        return (events & Events.IN) != 0 ? interestOps & SelectionKey.OP_ACCEPT : 0;
    }

    @Override
    public String toString() {
        if (!isOpen()) {
            return getClass().getSimpleName() + "[" + family + " closed]";
        }
        SocketAddress local = localAddress();
        return getClass().getSimpleName() + "[" + family + (local == null ? " unbound" : " " + local) + "]";
    }
}
