package dev.hvsock.frameworks;

import dev.hvsock.netty.HvNetty;
import dev.hvsock.sample.LineProtocolRecipes;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The Netty suite over AF_UNIX through the library's {@link dev.hvsock.netty.HvNioServerChannel} and
 * {@link dev.hvsock.netty.HvNioSocketChannel}: the channel classes the vsock and Hyper-V suites use,
 * exercised here where no VM is needed.
 */
class NettyUnixTest extends NettyTransportTest {
    @Override
    ChannelFactory<? extends ServerChannel> serverChannels() {
        return HvNetty.serverChannels(StandardProtocolFamily.UNIX);
    }

    @Override
    ChannelFactory<? extends Channel> clientChannels() {
        return HvNetty.clientChannels(StandardProtocolFamily.UNIX);
    }

    @Override
    SocketAddress listenAddress() {
        return UnixDomainSocketAddress.of(tempDir.resolve("netty.sock"));
    }

    @Override
    SocketAddress connectAddress(SocketAddress listening) {
        return listening;
    }

    @Override
    Class<? extends SocketAddress> addressType() {
        return UnixDomainSocketAddress.class;
    }

    @Test
    @Timeout(value = 60, unit = SECONDS)
    void recipeNettyServerAndClientOverUnix() throws Exception {
        Path socketFile = tempDir.resolve("hello.sock");
        assertEquals("HELLO, HVSOCK-NIO", LineProtocolRecipes.helloOverUnix(socketFile));
        assertFalse(Files.exists(socketFile), "the server channel deletes its socket file at close, as Netty's "
                + "NioServerDomainSocketChannel does");
    }
}
