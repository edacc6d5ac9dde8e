package dev.hvsock.vertx;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.netty.HvNetty;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.ThreadFactory;

/**
 * What hvsock-nio's Vert.x transport does, one method for each method of Vert.x's
 * {@code io.vertx.core.spi.transport.Transport} that it implements, of the same name and parameter types
 * ({@link HvVertx}'s proxy hands the calls here).
 */
final class HvTransportCalls {
    private final ProtocolFamily family;

    HvTransportCalls(ProtocolFamily family) {
        this.family = family;
    }

    boolean supportsDomainSockets() {
        return true;
    }

    boolean isAvailable() {
        return true;
    }

    Throwable unavailabilityCause() {
        return null;
    }

    /** Netty 4.2's {@code NioIoHandler.newFactory(HvSelectorProvider.provider())}, found at run time. */
    Object ioHandlerFactory() throws ReflectiveOperationException {
        return Class.forName("io.netty.channel.nio.NioIoHandler")
                .getMethod("newFactory", java.nio.channels.spi.SelectorProvider.class)
                .invoke(null, HvSelectorProvider.provider());
    }

    EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory threadFactory, int ioRatio) {
        return HvNetty.eventLoopGroup(threads, threadFactory);
    }

    SocketAddress convert(io.vertx.core.net.SocketAddress address) {
        if (!address.isDomainSocket()) {
            throw noTcp("address " + address);
        }
        return HvVertx.address(family, address.path());
    }

    io.vertx.core.net.SocketAddress convert(SocketAddress address) {
        if (address == null) {
            return null;
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return io.vertx.core.net.SocketAddress.domainSocketAddress(unix.getPath().toString());
        }
        return io.vertx.core.net.SocketAddress.domainSocketAddress(address.toString());
    }

    /**
     * The JDK's datagram channel, for the DNS resolver Vert.x makes on each event loop that connects: the NIO
     * loop takes it and its selector refuses it, so a query fails at once while the resolver's close works. A
     * channel the loop refused as incompatible (hvsock-nio's, a native one) would never get an event loop, and
     * its close would throw, which made {@code vertx.close()} hang (docs/frameworks.md, "Closing, and DNS").
     */
    DatagramChannel datagramChannel() {
        return new NioDatagramChannel();
    }

    @SuppressWarnings("deprecation") // InternetProtocolFamily, deprecated in late 4.1, is what Vert.x 5's SPI takes
    DatagramChannel datagramChannel(InternetProtocolFamily ipFamily) {
        return new NioDatagramChannel(ipFamily);
    }

    ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
        if (!domainSocket) {
            throw noTcp("client");
        }
        return HvNetty.clientChannels(family);
    }

    ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
        if (!domainSocket) {
            throw noTcp("server");
        }
        return HvNetty.serverChannels(family);
    }

    private UnsupportedOperationException noTcp(String what) {
        return new UnsupportedOperationException("a TCP " + what + " on a Vert.x instance whose transport is "
                + "hvsock-nio's (" + family + "): its event loops' selectors take no TCP channel; run TCP on a "
                + "Vert.x instance with the default transport, and name " + family + " endpoints with "
                + "SocketAddress.domainSocketAddress(text)");
    }

    @Override
    public String toString() {
        return "hvsock-nio's Vert.x transport (" + family + ")";
    }
}
