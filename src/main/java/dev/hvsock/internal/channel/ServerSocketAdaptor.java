package dev.hvsock.internal.channel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * {@link HvServerSocketChannelImpl#socket()}: a {@link ServerSocket} view of the channel whose
 * {@link #accept()} returns the accepted channel's {@link Socket} adaptor and honours {@link #setSoTimeout}.
 */
final class ServerSocketAdaptor extends ServerSocket {
    private final HvServerSocketChannelImpl ssc;
    private final AdaptorTimeout timeout;

    private ServerSocketAdaptor(HvServerSocketChannelImpl ssc) throws IOException {
        super(new UnsupportedSocketImpl());
        this.ssc = ssc;
        this.timeout = new AdaptorTimeout(ssc);
    }

    static ServerSocket create(HvServerSocketChannelImpl ssc) {
        try {
            return new ServerSocketAdaptor(ssc);
        } catch (IOException e) {
            throw new InternalError(e);
        }
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        bind(local, 50);
    }

    @Override
    public void bind(SocketAddress local, int backlog) throws IOException {
        ssc.bind(local, backlog);
    }

    @Override
    public InetAddress getInetAddress() {
        return null;
    }

    @Override
    public int getLocalPort() {
        return -1;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return ssc.localAddress();
    }

    @Override
    public Socket accept() throws IOException {
        SocketChannel sc = ssc.blockingAccept(timeout.nanos());
        return sc.socket();
    }

    @Override
    public void close() throws IOException {
        ssc.close();
    }

    @Override
    public ServerSocketChannel getChannel() {
        return ssc;
    }

    @Override
    public boolean isBound() {
        return ssc.localAddress() != null;
    }

    @Override
    public boolean isClosed() {
        return !ssc.isOpen();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        this.timeout.set(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return timeout.get();
    }

    private <T> void set(SocketOption<T> name, T value) throws SocketException {
        SocketOptionChecks.adaptorSet(ssc, name, value, ssc.family(), "listeners");
    }

    private <T> T get(SocketOption<T> name) throws SocketException {
        return SocketOptionChecks.adaptorGet(ssc, name, ssc.family(), "listeners");
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        set(StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return get(StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("size cannot be 0 or negative");
        }
        set(StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return get(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public <T> ServerSocket setOption(SocketOption<T> name, T value) throws IOException {
        ssc.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return ssc.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return ssc.supportedOptions();
    }

    @Override
    public String toString() {
        return "ServerSocket[" + ssc + "]";
    }
}
