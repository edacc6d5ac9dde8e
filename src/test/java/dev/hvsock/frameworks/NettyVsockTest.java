package dev.hvsock.frameworks;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.VsockAddress;
import dev.hvsock.netty.HvNetty;
import dev.hvsock.sample.LineProtocolRecipes;
import dev.hvsock.testing.VsockTest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.SocketAddress;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Netty suite over AF_VSOCK, through the vsock loopback (CID 1, and only CID 1). Runs in the QEMU guest
 * harness (src/test/vm); elsewhere it skips, saying why.
 */
@VsockTest
class NettyVsockTest extends NettyTransportTest {
    @Override
    ChannelFactory<? extends ServerChannel> serverChannels() {
        return HvNetty.serverChannels(HvProtocolFamily.VSOCK);
    }

    @Override
    ChannelFactory<? extends Channel> clientChannels() {
        return HvNetty.clientChannels(HvProtocolFamily.VSOCK);
    }

    @Override
    SocketAddress listenAddress() {
        return VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY);
    }

    @Override
    SocketAddress connectAddress(SocketAddress listening) {
        return VsockAddress.of(VsockAddress.CID_LOCAL, ((VsockAddress) listening).port());
    }

    @Override
    Class<? extends SocketAddress> addressType() {
        return VsockAddress.class;
    }

    // The guest harness emulates its CPU (QEMU TCG, a qemu64 CPU without SHA or AVX) where the host has no
    // usable KVM, and runs the JVM with C1 only: megabytes there take as long as gigabytes natively. The same
    // 200 concurrent clients, then, with less data each.

    @Override
    int echoBytesPerClient() {
        return 64 * 1024;
    }

    @Override
    int frameLimit() {
        return 128 * 1024;
    }

    @Override
    int largestRandomFrame() {
        return 4 * 1024;
    }

    @Test
    @Timeout(value = 120, unit = SECONDS)
    void recipeNettyServerAndClientOverVsock() throws Exception {
        // the loopback CID only: tests never connect anywhere else
        assertEquals("HELLO OVER VSOCK",
                LineProtocolRecipes.helloOverVsock(VsockAddress.PORT_ANY, VsockAddress.CID_LOCAL));
    }
}
