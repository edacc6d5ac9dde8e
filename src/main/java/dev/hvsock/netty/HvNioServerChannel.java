package dev.hvsock.netty;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.ServerChannel;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.nio.AbstractNioMessageChannel;
import io.netty.util.NetUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * A Netty server channel over any hvsock-nio listener (vsock, Hyper-V, Unix); the connections it accepts
 * are {@link HvNioSocketChannel}s. Netty's {@code NioServerDomainSocketChannel} is Unix-only: at close it
 * deletes the listener's socket file through {@code UnixDomainSocketAddress.getPath()}, which fails for a
 * {@code VsockAddress} or {@code HvSocketAddress}. This channel deletes the socket file of a Unix listener
 * at close as that one does, and has no file to delete for the other families.
 *
 * <p>Options: {@code SO_BACKLOG}, {@code SO_RCVBUF} where the family has it, and {@code SO_REUSEADDR}
 * (which servers set by default and which means nothing here) accepted and ignored with a debug note.
 *
 * <p>Runs on Netty 4.1 and 4.2: it uses no API that only one of them has.
 */
public final class HvNioServerChannel extends AbstractNioMessageChannel implements ServerChannel {
    private static final InternalLogger LOGGER = InternalLoggerFactory.getInstance(HvNioServerChannel.class);
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

    private final Config config = new Config();
    private volatile boolean bound;

    /**
     * A server channel over {@code listener}.
     *
     * @param listener an unbound (or bound) channel from {@link dev.hvsock.HvSelectorProvider}
     * @throws IOException if the listener's address cannot be read
     */
    public HvNioServerChannel(ServerSocketChannel listener) throws IOException {
        super(null, listener, SelectionKey.OP_ACCEPT);
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
        SocketAddress local = localAddress0(); // before the close, after which the channel has none
        try {
            super.doClose();
        } finally {
            javaChannel().close();
            if (local instanceof UnixDomainSocketAddress unix) {
                Files.deleteIfExists(unix.getPath()); // as Netty's NioServerDomainSocketChannel does
            }
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

        private boolean hasReceiveBuffer() {
            return javaChannel().supportedOptions().contains(StandardSocketOptions.SO_RCVBUF);
        }

        @Override
        public Map<ChannelOption<?>, Object> getOptions() {
            Map<ChannelOption<?>, Object> options = getOptions(super.getOptions(), ChannelOption.SO_BACKLOG);
            if (hasReceiveBuffer()) {
                options.put(ChannelOption.SO_RCVBUF, getOption(ChannelOption.SO_RCVBUF));
            }
            return options;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getOption(ChannelOption<T> option) {
            if (option == ChannelOption.SO_BACKLOG) {
                return (T) Integer.valueOf(backlog);
            }
            if (option == ChannelOption.SO_RCVBUF && hasReceiveBuffer()) {
                try {
                    return (T) javaChannel().getOption(StandardSocketOptions.SO_RCVBUF);
                } catch (IOException e) {
                    throw new ChannelException(e);
                }
            }
            return super.getOption(option);
        }

        @Override
        public <T> boolean setOption(ChannelOption<T> option, T value) {
            validate(option, value);
            if (option == ChannelOption.SO_BACKLOG) {
                int requested = (Integer) value;
                if (requested < 0) {
                    throw new IllegalArgumentException("SO_BACKLOG must not be negative: " + requested);
                }
                backlog = requested;
                return true;
            }
            if (option == ChannelOption.SO_RCVBUF && hasReceiveBuffer()) {
                try {
                    javaChannel().setOption(StandardSocketOptions.SO_RCVBUF, (Integer) value);
                } catch (IOException e) {
                    throw new ChannelException(e);
                }
                return true;
            }
            if (IgnoredOptions.ON_LISTENERS.contains(option)) {
                IgnoredOptions.note(LOGGER, HvNioServerChannel.class, option, value);
                return true;
            }
            return super.setOption(option, value);
        }
    }
}
