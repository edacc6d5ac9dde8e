package dev.hvsock.frameworks;

import dev.hvsock.HvSelectorProvider;
import dev.hvsock.netty.HvNetty;
import dev.hvsock.netty.HvNioSocketChannel;
import dev.hvsock.sample.LineCollector;
import dev.hvsock.sample.UpperCaseLines;
import dev.hvsock.testing.NettyTest;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Netty tests run on the line the build says they run on ({@link NettyTest}): the system property
 * {@code hvsock.netty.expected}, which each of pom.xml's surefire executions sets to its line, names the
 * netty-transport on the class path, and the channels are the library's, compiled against 4.1; on 4.2 they
 * run on 4.2's own kind of event loop group too.
 */
@NettyTest
class NettyLineTest {
    private static final String EXPECTED = "hvsock.netty.expected";

    @Test
    void theNettyOnTheClassPathIsTheLineUnderTest() throws URISyntaxException {
        String expected = System.getProperty(EXPECTED);
        assumeTrue(expected != null, "the build names the Netty line in -D" + EXPECTED + "; it is not set here");
        String running = Version.identify().get("netty-transport").artifactVersion();
        Path jar = Path.of(Channel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        System.out.println("[frameworks] Netty tests on netty-transport " + running + " from " + jar);
        assertEquals(expected, running, "the netty-transport on the class path (" + jar + ")");
        assertEquals("netty-transport-" + expected + ".jar", jar.getFileName().toString());
    }

    /**
     * Netty 4.2's own event loop group over hvsock-nio's selectors, as 4.2 code writes it
     * ({@code new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory(provider))}, docs/frameworks.md), carries
     * the library's channels, compiled against 4.1. Through reflection, since this test compiles against 4.1.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void onNetty42TheChannelsRunOnItsOwnEventLoopGroup(@TempDir Path dir) throws Exception {
        assumeTrue(Version.identify().get("netty-transport").artifactVersion().startsWith("4.2."),
                "MultiThreadIoEventLoopGroup and NioIoHandler are Netty 4.2's; this is "
                        + Version.identify().get("netty-transport").artifactVersion());
        Object factory = Class.forName("io.netty.channel.nio.NioIoHandler")
                .getMethod("newFactory", SelectorProvider.class).invoke(null, HvSelectorProvider.provider());
        Class<?> factoryType = Class.forName("io.netty.channel.IoHandlerFactory");
        EventLoopGroup group = (EventLoopGroup) Class.forName("io.netty.channel.MultiThreadIoEventLoopGroup")
                .getConstructor(int.class, factoryType).newInstance(1, factory);
        try {
            UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("own-group.sock"));
            Channel server = new ServerBootstrap().group(group)
                    .channelFactory(HvNetty.serverChannels(StandardProtocolFamily.UNIX))
                    .childHandler(new UpperCaseLines())
                    .bind(address).sync().channel();
            LineCollector replies = new LineCollector();
            Channel client = new Bootstrap().group(group)
                    .channelFactory(HvNetty.clientChannels(StandardProtocolFamily.UNIX))
                    .handler(replies)
                    .connect(address).sync().channel();
            client.writeAndFlush("on netty 4.2's own group\n").sync();
            assertEquals("ON NETTY 4.2'S OWN GROUP", replies.lines.poll(10, TimeUnit.SECONDS));
            client.close().sync();
            server.close().sync();
        } finally {
            assertTrue(group.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).await(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void theChannelsAreTheLibrarysNotACopy() throws URISyntaxException {
        Path library = Path.of(System.getProperty("hvsock.classes", "target/classes"));
        Path loadedFrom = Path.of(HvNioSocketChannel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(library.toAbsolutePath().normalize(), loadedFrom.toAbsolutePath().normalize());
    }
}
