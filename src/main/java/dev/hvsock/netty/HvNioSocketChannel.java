package dev.hvsock.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.AbstractNioByteChannel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Map;

/**
 * A Netty stream channel over any hvsock-nio socket (vsock, Hyper-V, Unix), which honours
 * {@link ChannelOption#ALLOW_HALF_CLOSURE}. Netty's {@code NioSocketChannel} casts every address to
 * {@code InetSocketAddress}; its {@code NioDomainSocketChannel} carries Unix sockets but ignores
 * half-closure (its config is no {@link SocketChannelConfig}, which Netty's read loop asks for).
 *
 * <p>Socket options go to the hvsock-nio channel where it has them ({@code SO_SNDBUF}, {@code SO_RCVBUF},
 * {@code SO_LINGER}, depending on the family). The IP and TCP options frameworks set by default
 * ({@code SO_KEEPALIVE}, {@code TCP_NODELAY}, {@code SO_REUSEADDR}, {@code IP_TOS}) are accepted and
 * ignored, with a debug note; another option the socket lacks is refused, and Netty warns about it.
 *
 * <p>Runs on Netty 4.1 and 4.2: it uses no API that only one of them has.
 */
public final class HvNioSocketChannel extends AbstractNioByteChannel implements DuplexChannel {
    private static final InternalLogger LOGGER = InternalLoggerFactory.getInstance(HvNioSocketChannel.class);

    private final Config config = new Config();

    /**
     * A client channel.
     *
     * @param socket an unconnected channel from {@link dev.hvsock.HvSelectorProvider}
     */
    public HvNioSocketChannel(SocketChannel socket) {
        this(null, socket);
    }

    /**
     * The channel of a connection that {@code parent} accepted.
     *
     * @param parent the listener, or null for a client channel
     * @param socket the connection, a channel from {@link dev.hvsock.HvSelectorProvider}
     */
    public HvNioSocketChannel(Channel parent, SocketChannel socket) {
        super(parent, socket);
    }

    @Override
    protected SocketChannel javaChannel() {
        return (SocketChannel) super.javaChannel();
    }

    @Override
    public SocketChannelConfig config() {
        return config;
    }

    @Override
    public boolean isActive() {
        SocketChannel ch = javaChannel();
        return ch.isOpen() && ch.isConnected();
    }

    // -- half-closure: the socket adaptor reports each direction's shutdown

    @Override
    public boolean isInputShutdown() {
        return javaChannel().socket().isInputShutdown() || !isActive();
    }

    @Override
    public boolean isOutputShutdown() {
        return javaChannel().socket().isOutputShutdown() || !isActive();
    }

    @Override
    protected boolean isInputShutdown0() {
        return isInputShutdown();
    }

    @Override
    public boolean isShutdown() {
        return isInputShutdown() && isOutputShutdown();
    }

    @Override
    protected void doShutdownOutput() throws Exception {
        javaChannel().shutdownOutput();
        // Netty clears OP_WRITE only once the outbound buffer drains, and after the shutdown it never does: it
        // fails the writes still pending instead, and takes no more. A socket that has room again then made
        // every select return at once for OP_WRITE, and the event loop spun (Netty's own TCP channels do the
        // same). Nothing can be written any more, so no wake-up for writing is wanted. The event loop runs this
        // (this class never hands the shutdown to another executor), on a registered channel: else there is no
        // key and no interest to clear.
        if (isRegistered() && eventLoopOf(this).inEventLoop()) {
            clearOpWrite();
        }
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        inEventLoop(() -> ((AbstractUnsafe) unsafe()).shutdownOutput(promise));
        return promise;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        inEventLoop(() -> {
            try {
                javaChannel().shutdownInput();
                promise.setSuccess();
            } catch (Throwable t) {
                promise.setFailure(t);
            }
        });
        return promise;
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        shutdownOutput().addListener(output -> shutdownInput().addListener(input -> {
            Throwable cause = output.cause() != null ? output.cause() : input.cause();
            if (cause == null) {
                promise.setSuccess();
            } else {
                promise.setFailure(cause);
            }
        }));
        return promise;
    }

    private void inEventLoop(Runnable task) {
        EventLoop loop = eventLoopOf(this);
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /**
     * The channel's event loop, asked through the {@link Channel} interface: compiled against Netty 4.1, a
     * plain {@code eventLoop()} would link to 4.1's {@code AbstractNioChannel.eventLoop()}, which returns a
     * {@code NioEventLoop} and which Netty 4.2 no longer has ({@code NoSuchMethodError} there).
     */
    private static EventLoop eventLoopOf(Channel channel) {
        return channel.eventLoop();
    }

    // -- addresses, connecting, closing

    @Override
    protected SocketAddress localAddress0() {
        try {
            return javaChannel().getLocalAddress();
        } catch (IOException closed) {
            return null;
        }
    }

    @Override
    protected SocketAddress remoteAddress0() {
        try {
            return javaChannel().getRemoteAddress();
        } catch (IOException closed) {
            return null;
        }
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        javaChannel().bind(localAddress);
    }

    @Override
    protected boolean doConnect(SocketAddress remoteAddress, SocketAddress localAddress) throws Exception {
        if (localAddress != null) {
            doBind(localAddress);
        }
        boolean success = false;
        try {
            boolean connected = javaChannel().connect(remoteAddress);
            if (!connected) {
                // what Netty 4.1's own channels do; on 4.2 the key is the registration's and this is what its
                // addAndSubmit(NioIoOps.CONNECT) does (4.2-only API, which this class must not use)
                SelectionKey key = selectionKey();
                key.interestOps(key.interestOps() | SelectionKey.OP_CONNECT);
            }
            success = true;
            return connected;
        } finally {
            if (!success) {
                doClose();
            }
        }
    }

    @Override
    protected void doFinishConnect() throws Exception {
        if (!javaChannel().finishConnect()) {
            throw new ConnectException("connection to " + remoteAddress0() + " is still pending");
        }
    }

    @Override
    protected void doDisconnect() throws Exception {
        doClose();
    }

    @Override
    protected void doClose() throws Exception {
        try {
            super.doClose();
        } finally {
            javaChannel().close();
        }
    }

    // -- data

    @Override
    protected int doReadBytes(ByteBuf buf) throws Exception {
        int attempted = buf.writableBytes();
        unsafe().recvBufAllocHandle().attemptedBytesRead(attempted);
        return buf.writeBytes(javaChannel(), attempted);
    }

    @Override
    protected int doWriteBytes(ByteBuf buf) throws Exception {
        return buf.readBytes(javaChannel(), buf.readableBytes());
    }

    @Override
    protected long doWriteFileRegion(FileRegion region) throws Exception {
        return region.transferTo(javaChannel(), region.transferred());
    }

    // -- options: half-closure here, socket options on the hvsock-nio channel

    private final class Config extends DefaultChannelConfig implements SocketChannelConfig {
        private static final Map<ChannelOption<?>, SocketOption<?>> SOCKET_OPTIONS = Map.of(
                ChannelOption.SO_SNDBUF, StandardSocketOptions.SO_SNDBUF,
                ChannelOption.SO_RCVBUF, StandardSocketOptions.SO_RCVBUF,
                ChannelOption.SO_LINGER, StandardSocketOptions.SO_LINGER,
                ChannelOption.SO_KEEPALIVE, StandardSocketOptions.SO_KEEPALIVE,
                ChannelOption.SO_REUSEADDR, StandardSocketOptions.SO_REUSEADDR,
                ChannelOption.TCP_NODELAY, StandardSocketOptions.TCP_NODELAY,
                ChannelOption.IP_TOS, StandardSocketOptions.IP_TOS);

        private volatile boolean allowHalfClosure;

        Config() {
            super(HvNioSocketChannel.this);
        }

        @Override
        protected void autoReadCleared() {
            clearReadPending();
        }

        private boolean supported(SocketOption<?> option) {
            return javaChannel().supportedOptions().contains(option);
        }

        @Override
        public Map<ChannelOption<?>, Object> getOptions() {
            Map<ChannelOption<?>, Object> options = getOptions(super.getOptions(), ChannelOption.ALLOW_HALF_CLOSURE);
            SOCKET_OPTIONS.forEach((option, socketOption) -> {
                if (supported(socketOption)) {
                    options.put(option, get(socketOption));
                }
            });
            return options;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getOption(ChannelOption<T> option) {
            if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
                return (T) Boolean.valueOf(allowHalfClosure);
            }
            SocketOption<?> socketOption = SOCKET_OPTIONS.get(option);
            if (socketOption == null || !supported(socketOption)) {
                return super.getOption(option); // null for an option the socket lacks
            }
            return (T) get(socketOption);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> boolean setOption(ChannelOption<T> option, T value) {
            validate(option, value);
            if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
                allowHalfClosure = (Boolean) value;
                return true;
            }
            SocketOption<T> socketOption = (SocketOption<T>) SOCKET_OPTIONS.get(option);
            if (socketOption == null) {
                return super.setOption(option, value);
            }
            if (supported(socketOption)) {
                set(socketOption, value);
                return true;
            }
            if (IgnoredOptions.ON_CONNECTIONS.contains(option)) {
                IgnoredOptions.note(LOGGER, HvNioSocketChannel.class, option, value);
                return true;
            }
            return false; // Netty warns of an unknown option and goes on
        }

        private <T> T get(SocketOption<T> option) {
            try {
                return javaChannel().getOption(option);
            } catch (IOException | UnsupportedOperationException e) {
                throw new ChannelException(e);
            }
        }

        /** The value of {@code option}, or {@code absent} if the socket has no such option. */
        private <T> T getOrElse(SocketOption<T> option, T absent) {
            return supported(option) ? get(option) : absent;
        }

        private <T> void set(SocketOption<T> option, T value) {
            try {
                javaChannel().setOption(option, value);
            } catch (IOException | UnsupportedOperationException e) {
                throw new ChannelException(e);
            }
        }

        /** Sets an option frameworks set by default, or notes that it is ignored. */
        private <T> void setOrIgnore(ChannelOption<T> channelOption, SocketOption<T> option, T value) {
            if (supported(option)) {
                set(option, value);
            } else {
                IgnoredOptions.note(LOGGER, HvNioSocketChannel.class, channelOption, value);
            }
        }

        @Override
        public boolean isAllowHalfClosure() {
            return allowHalfClosure;
        }

        @Override
        public SocketChannelConfig setAllowHalfClosure(boolean allowHalfClosure) {
            this.allowHalfClosure = allowHalfClosure;
            return this;
        }

        @Override
        public boolean isTcpNoDelay() {
            return getOrElse(StandardSocketOptions.TCP_NODELAY, false);
        }

        @Override
        public SocketChannelConfig setTcpNoDelay(boolean tcpNoDelay) {
            setOrIgnore(ChannelOption.TCP_NODELAY, StandardSocketOptions.TCP_NODELAY, tcpNoDelay);
            return this;
        }

        @Override
        public int getSoLinger() {
            return getOrElse(StandardSocketOptions.SO_LINGER, -1);
        }

        @Override
        public SocketChannelConfig setSoLinger(int soLinger) {
            set(StandardSocketOptions.SO_LINGER, soLinger);
            return this;
        }

        @Override
        public int getSendBufferSize() {
            return getOrElse(StandardSocketOptions.SO_SNDBUF, 0);
        }

        @Override
        public SocketChannelConfig setSendBufferSize(int sendBufferSize) {
            set(StandardSocketOptions.SO_SNDBUF, sendBufferSize);
            return this;
        }

        @Override
        public int getReceiveBufferSize() {
            return getOrElse(StandardSocketOptions.SO_RCVBUF, 0);
        }

        @Override
        public SocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
            set(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
            return this;
        }

        @Override
        public boolean isKeepAlive() {
            return getOrElse(StandardSocketOptions.SO_KEEPALIVE, false);
        }

        @Override
        public SocketChannelConfig setKeepAlive(boolean keepAlive) {
            setOrIgnore(ChannelOption.SO_KEEPALIVE, StandardSocketOptions.SO_KEEPALIVE, keepAlive);
            return this;
        }

        @Override
        public int getTrafficClass() {
            return getOrElse(StandardSocketOptions.IP_TOS, 0);
        }

        @Override
        public SocketChannelConfig setTrafficClass(int trafficClass) {
            setOrIgnore(ChannelOption.IP_TOS, StandardSocketOptions.IP_TOS, trafficClass);
            return this;
        }

        @Override
        public boolean isReuseAddress() {
            return getOrElse(StandardSocketOptions.SO_REUSEADDR, false);
        }

        @Override
        public SocketChannelConfig setReuseAddress(boolean reuseAddress) {
            setOrIgnore(ChannelOption.SO_REUSEADDR, StandardSocketOptions.SO_REUSEADDR, reuseAddress);
            return this;
        }

        @Override
        public SocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
            return this; // a hint without effect, as for the JDK's sockets
        }

        // -- DefaultChannelConfig's setters, typed as SocketChannelConfig demands

        @Override
        public SocketChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
            super.setConnectTimeoutMillis(connectTimeoutMillis);
            return this;
        }

        @Override
        @Deprecated
        public SocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
            super.setMaxMessagesPerRead(maxMessagesPerRead);
            return this;
        }

        @Override
        public SocketChannelConfig setWriteSpinCount(int writeSpinCount) {
            super.setWriteSpinCount(writeSpinCount);
            return this;
        }

        @Override
        public SocketChannelConfig setAllocator(ByteBufAllocator allocator) {
            super.setAllocator(allocator);
            return this;
        }

        @Override
        public SocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
            super.setRecvByteBufAllocator(allocator);
            return this;
        }

        @Override
        public SocketChannelConfig setAutoRead(boolean autoRead) {
            super.setAutoRead(autoRead);
            return this;
        }

        @Override
        public SocketChannelConfig setAutoClose(boolean autoClose) {
            super.setAutoClose(autoClose);
            return this;
        }

        @Override
        public SocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
            super.setMessageSizeEstimator(estimator);
            return this;
        }

        @Override
        public SocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
            super.setWriteBufferWaterMark(writeBufferWaterMark);
            return this;
        }
    }
}
