package dev.hvsock.frameworks;

import dev.hvsock.netty.HvNioSocketChannel;
import dev.hvsock.testing.NettyTest;
import io.netty.channel.Channel;
import io.netty.util.Version;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Netty tests run on the line the build says they run on ({@link NettyTest}): the system property
 * {@code hvsock.netty.expected}, which each of pom.xml's surefire executions sets to its line, names the
 * netty-transport on the class path, and the channels are the library's, compiled against 4.1.
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

    @Test
    void theChannelsAreTheLibrarysNotACopy() throws URISyntaxException {
        Path library = Path.of(System.getProperty("hvsock.classes", "target/classes"));
        Path loadedFrom = Path.of(HvNioSocketChannel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(library.toAbsolutePath().normalize(), loadedFrom.toAbsolutePath().normalize());
    }
}
