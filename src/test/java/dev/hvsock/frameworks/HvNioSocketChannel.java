package dev.hvsock.frameworks;

// tag::netty-hv-socket-channel[]
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
import io.netty.channel.nio.NioIoOps;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannelConfig;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Map;

/**
 * A Netty stream channel over any hvsock-nio socket (vsock, Hyper-V, Unix) that honours
 * {@link ChannelOption#ALLOW_HALF_CLOSURE}. Netty 4.2's {@code NioDomainSocketChannel} carries these
 * sockets too, but ignores half-closure (its config is no {@link SocketChannelConfig}, which Netty's read
 * loop requires), and {@code NioSocketChannel} casts every address to {@code InetSocketAddress}.
 */
public final class HvNioSocketChannel extends AbstractNioByteChannel implements DuplexChannel {
    private final Config config = new Config();

    /** A client channel over {@code socket}, an unconnected channel from {@code HvSelectorProvider}. */
    public HvNioSocketChannel(SocketChannel socket) {
        this(null, socket);
    }

    /** The channel of a connection {@code parent} accepted. */
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
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
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
                addAndSubmit(NioIoOps.CONNECT);
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

        @Override
        public Map<ChannelOption<?>, Object> getOptions() {
            Map<ChannelOption<?>, Object> options = getOptions(super.getOptions(), ChannelOption.ALLOW_HALF_CLOSURE);
            SOCKET_OPTIONS.forEach((option, socketOption) -> {
                if (javaChannel().supportedOptions().contains(socketOption)) {
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
            if (socketOption == null || !javaChannel().supportedOptions().contains(socketOption)) {
                return super.getOption(option);
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
            if (!javaChannel().supportedOptions().contains(socketOption)) {
                return false; // like NioDomainSocketChannel: Netty warns of an unknown option and goes on
            }
            set(socketOption, value);
            return true;
        }

        private <T> T get(SocketOption<T> option) {
            try {
                return javaChannel().getOption(option);
            } catch (IOException | UnsupportedOperationException e) {
                throw new ChannelException(e);
            }
        }

        private <T> void set(SocketOption<T> option, T value) {
            try {
                javaChannel().setOption(option, value);
            } catch (IOException | UnsupportedOperationException e) {
                throw new ChannelException(e);
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
            return get(StandardSocketOptions.TCP_NODELAY);
        }

        @Override
        public SocketChannelConfig setTcpNoDelay(boolean tcpNoDelay) {
            set(StandardSocketOptions.TCP_NODELAY, tcpNoDelay);
            return this;
        }

        @Override
        public int getSoLinger() {
            return get(StandardSocketOptions.SO_LINGER);
        }

        @Override
        public SocketChannelConfig setSoLinger(int soLinger) {
            set(StandardSocketOptions.SO_LINGER, soLinger);
            return this;
        }

        @Override
        public int getSendBufferSize() {
            return get(StandardSocketOptions.SO_SNDBUF);
        }

        @Override
        public SocketChannelConfig setSendBufferSize(int sendBufferSize) {
            set(StandardSocketOptions.SO_SNDBUF, sendBufferSize);
            return this;
        }

        @Override
        public int getReceiveBufferSize() {
            return get(StandardSocketOptions.SO_RCVBUF);
        }

        @Override
        public SocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
            set(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
            return this;
        }

        @Override
        public boolean isKeepAlive() {
            return get(StandardSocketOptions.SO_KEEPALIVE);
        }

        @Override
        public SocketChannelConfig setKeepAlive(boolean keepAlive) {
            set(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
            return this;
        }

        @Override
        public int getTrafficClass() {
            return get(StandardSocketOptions.IP_TOS);
        }

        @Override
        public SocketChannelConfig setTrafficClass(int trafficClass) {
            set(StandardSocketOptions.IP_TOS, trafficClass);
            return this;
        }

        @Override
        public boolean isReuseAddress() {
            return get(StandardSocketOptions.SO_REUSEADDR);
        }

        @Override
        public SocketChannelConfig setReuseAddress(boolean reuseAddress) {
            set(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
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
// end::netty-hv-socket-channel[]
