package dev.hvsock.frameworks;

// tag::netty-hv-server-channel[]
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.ServerChannel;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.nio.AbstractNioMessageChannel;
import io.netty.channel.nio.NioIoOps;
import io.netty.util.NetUtil;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;

/**
 * A Netty server channel over any hvsock-nio listener (vsock, Hyper-V, Unix); accepted connections
 * become {@link HvNioSocketChannel}s. Netty's {@code NioServerDomainSocketChannel} is Unix-only: at
 * close it deletes the listener's socket file through {@code UnixDomainSocketAddress.getPath()}, which
 * fails for a {@code VsockAddress} or {@code HvSocketAddress}.
 */
public final class HvNioServerChannel extends AbstractNioMessageChannel implements ServerChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

    private final Config config = new Config();
    private volatile boolean bound;

    /** Wraps {@code listener}, an unbound (or bound) channel from {@code HvSelectorProvider}. */
    public HvNioServerChannel(ServerSocketChannel listener) throws IOException {
        super(null, listener, NioIoOps.ACCEPT);
        bound = listener.getLocalAddress() != null;
    }

    @Override
    protected ServerSocketChannel javaChannel() {
        return (ServerSocketChannel) super.javaChannel();
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public boolean isActive() {
        return isOpen() && bound;
    }

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
        return null;
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        javaChannel().bind(localAddress, config.backlog);
        bound = true;
    }

    @Override
    protected void doClose() throws Exception {
        try {
            super.doClose();
        } finally {
            javaChannel().close();
        }
    }

    @Override
    protected int doReadMessages(List<Object> buf) throws Exception {
        SocketChannel accepted = javaChannel().accept();
        if (accepted == null) {
            return 0;
        }
        try {
            buf.add(new HvNioSocketChannel(this, accepted));
            return 1;
        } catch (RuntimeException e) {
            accepted.close();
            // an IOException keeps the listener open and reaches the pipeline as exceptionCaught
            throw new IOException("cannot wrap the connection accepted on " + localAddress0(), e);
        }
    }

    @Override
    protected boolean doWriteMessage(Object msg, ChannelOutboundBuffer in) {
        throw new UnsupportedOperationException("a listener has nothing to write");
    }

    @Override
    protected boolean doConnect(SocketAddress remoteAddress, SocketAddress localAddress) {
        throw new UnsupportedOperationException("a listener does not connect");
    }

    @Override
    protected void doFinishConnect() {
        throw new UnsupportedOperationException("a listener does not connect");
    }

    @Override
    protected void doDisconnect() {
        throw new UnsupportedOperationException("a listener does not connect");
    }

    private final class Config extends DefaultChannelConfig {
        volatile int backlog = NetUtil.SOMAXCONN;

        Config() {
            super(HvNioServerChannel.this, new ServerChannelRecvByteBufAllocator());
        }

        @Override
        protected void autoReadCleared() {
            clearReadPending();
        }

        @Override
        public Map<ChannelOption<?>, Object> getOptions() {
            return getOptions(super.getOptions(), ChannelOption.SO_BACKLOG);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getOption(ChannelOption<T> option) {
            return option == ChannelOption.SO_BACKLOG ? (T) Integer.valueOf(backlog) : super.getOption(option);
        }

        @Override
        public <T> boolean setOption(ChannelOption<T> option, T value) {
            if (option != ChannelOption.SO_BACKLOG) {
                return super.setOption(option, value);
            }
            validate(option, value);
            int requested = (Integer) value;
            if (requested < 0) {
                throw new IllegalArgumentException("SO_BACKLOG must not be negative: " + requested);
            }
            backlog = requested;
            return true;
        }
    }
}
// end::netty-hv-server-channel[]
