package dev.hvsock.frameworks;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.netty.HvNioServerChannel;
import dev.hvsock.netty.HvNioSocketChannel;
import dev.hvsock.testing.NettyTest;
import dev.hvsock.testing.VsockCapability;
import dev.hvsock.testing.VsockTest;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannelConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The options of {@link HvNioSocketChannel} and {@link HvNioServerChannel}: socket options go to the
 * hvsock-nio channel, the IP/TCP options frameworks set by default are accepted and ignored with one debug
 * note, and an option no stream socket has is refused (Netty then warns).
 */
@NettyTest
class ChannelOptionsTest {
    /**
     * The IP/TCP options frameworks set on every connection by default, which the channels accept and ignore
     * (docs/frameworks.md): gRPC sets SO_KEEPALIVE, many servers TCP_NODELAY and SO_REUSEADDR.
     */
    private static final List<ChannelOption<?>> FRAMEWORK_DEFAULTS = List.of(ChannelOption.SO_KEEPALIVE,
            ChannelOption.TCP_NODELAY, ChannelOption.SO_REUSEADDR, ChannelOption.IP_TOS);

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeChannels() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private HvNioSocketChannel socket(ProtocolFamily family) throws IOException {
        HvNioSocketChannel channel = new HvNioSocketChannel(HvSelectorProvider.provider().openSocketChannel(family));
        opened.add(() -> channel.unsafe().closeForcibly());
        return channel;
    }

    private HvNioServerChannel listener(ProtocolFamily family) throws IOException {
        HvNioServerChannel channel = new HvNioServerChannel(
                HvSelectorProvider.provider().openServerSocketChannel(family));
        opened.add(() -> channel.unsafe().closeForcibly());
        return channel;
    }

    /** Collects what {@code dev.hvsock.netty} logs at FINE (Netty's debug, through java.util.logging). */
    private static final class DebugNotes extends Handler implements AutoCloseable {
        // held strongly: the LogManager keeps loggers only weakly
        private static final Logger LOGGER = Logger.getLogger("dev.hvsock.netty");
        private final List<String> notes = new ArrayList<>();
        private final Level before = LOGGER.getLevel();

        DebugNotes() {
            setLevel(Level.FINE);
            LOGGER.setLevel(Level.FINE);
            LOGGER.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord r) {
            if (r.getLevel() == Level.FINE) {
                notes.add(r.getLoggerName() + ": " + r.getMessage()); // Netty formats the message itself
            }
        }

        synchronized List<String> about(String option) {
            return notes.stream().filter(n -> n.contains(option)).toList();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            LOGGER.removeHandler(this);
            LOGGER.setLevel(before);
        }
    }

    @Test
    void theOptionsFrameworksSetByDefaultAreIgnoredWithOneDebugNote() throws IOException {
        try (DebugNotes notes = new DebugNotes()) {
            for (int i = 0; i < 3; i++) {
                HvNioSocketChannel channel = socket(StandardProtocolFamily.UNIX);
                for (ChannelOption<?> option : FRAMEWORK_DEFAULTS) {
                    assertTrue(setTrueOrTos(channel.config(), option), option + " accepted");
                    assertNull(channel.config().getOption(option), option + " has no value");
                }
                assertTrue(listener(StandardProtocolFamily.UNIX).config().setOption(ChannelOption.SO_REUSEADDR, true));
            }
            for (ChannelOption<?> option : FRAMEWORK_DEFAULTS) {
                List<String> about = notes.about("HvNioSocketChannel ignores channel option " + option.name() + "=");
                assertEquals(1, about.size(), "one note per option in a JVM, however many channels: " + about);
                assertTrue(about.get(0).startsWith("dev.hvsock.netty.HvNioSocketChannel: "), about.get(0));
            }
            assertEquals(1, notes.about("HvNioServerChannel ignores channel option SO_REUSEADDR=true").size());
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean setTrueOrTos(SocketChannelConfig config, ChannelOption<?> option) {
        if (option == ChannelOption.IP_TOS) {
            return config.setOption(ChannelOption.IP_TOS, 0x10);
        }
        return config.setOption((ChannelOption<Boolean>) option, true);
    }

    @Test
    void theTypedSettersOfIgnoredOptionsDoNothingAndTheGettersAnswerNeutrally() throws IOException {
        SocketChannelConfig config = socket(StandardProtocolFamily.UNIX).config();
        config.setKeepAlive(true).setTcpNoDelay(true).setReuseAddress(true).setTrafficClass(0x10);
        assertFalse(config.isKeepAlive());
        assertFalse(config.isTcpNoDelay());
        assertFalse(config.isReuseAddress());
        assertEquals(0, config.getTrafficClass());
    }

    @Test
    void anOptionNoStreamSocketHasIsRefused() throws IOException {
        assertFalse(socket(StandardProtocolFamily.UNIX).config().setOption(ChannelOption.SO_BROADCAST, true),
                "refused: Netty's bootstrap warns of an unknown option");
        assertFalse(listener(StandardProtocolFamily.UNIX).config().setOption(ChannelOption.SO_KEEPALIVE, true));
    }

    @Test
    void bufferSizesAndLingerGoToTheUnixSocket() throws IOException {
        socketOptionsReachTheKernel(StandardProtocolFamily.UNIX);
    }

    @Test
    @VsockTest(VsockCapability.SOCKETS)
    void bufferSizesAndLingerGoToTheVsockSocket() throws IOException {
        socketOptionsReachTheKernel(HvProtocolFamily.VSOCK);
    }

    private void socketOptionsReachTheKernel(ProtocolFamily family) throws IOException {
        SocketChannelConfig config = socket(family).config();
        assertTrue(config.setOption(ChannelOption.SO_SNDBUF, 65_536));
        assertTrue(config.getSendBufferSize() >= 65_536, "SO_SNDBUF " + config.getSendBufferSize());
        config.setReceiveBufferSize(32_768);
        assertTrue(config.getOption(ChannelOption.SO_RCVBUF) >= 32_768, "SO_RCVBUF " + config.getReceiveBufferSize());
        config.setSoLinger(2);
        assertEquals(2, config.getSoLinger());
        assertTrue(config.getOptions().keySet().containsAll(List.of(ChannelOption.SO_SNDBUF, ChannelOption.SO_RCVBUF,
                ChannelOption.SO_LINGER, ChannelOption.ALLOW_HALF_CLOSURE)), config.getOptions().toString());

        HvNioServerChannel server = listener(family);
        assertTrue(server.config().setOption(ChannelOption.SO_RCVBUF, 65_536));
        assertTrue(server.config().getOption(ChannelOption.SO_RCVBUF) >= 65_536);
        assertTrue(server.config().setOption(ChannelOption.SO_BACKLOG, 7));
        assertEquals(7, server.config().getOption(ChannelOption.SO_BACKLOG));
    }
}
