package dev.hvsock.conformance;

import dev.hvsock.HvSocketOptions;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code supportedOptions}, {@code setOption} and {@code getOption} on both channel kinds. */
abstract class OptionContract extends ContractBase {
    OptionContract(ChannelFixture fixture) {
        super(fixture);
    }

    /** Options no family of this library has. */
    private static final List<SocketOption<?>> FOREIGN = List.of(
            StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.IP_TOS, StandardSocketOptions.SO_REUSEPORT,
            StandardSocketOptions.SO_BROADCAST);

    private List<NetworkChannel> channels() throws IOException {
        Connection c = connectedPair();
        return List.of(openChannel(), c.client(), c.server(), listen());
    }

    @Test
    @Requires(Feature.OPTIONS_READABLE_UNCONNECTED)
    void supportedOptionsAreReadableAndTheSetIsImmutable() throws IOException {
        for (NetworkChannel ch : channels()) {
            Set<SocketOption<?>> options = ch.supportedOptions();
            assertThrows(UnsupportedOperationException.class, () -> options.add(StandardSocketOptions.TCP_NODELAY));
            for (SocketOption<?> option : options) {
                Object value = ch.getOption(option);
                assertNotNull(value, option + " of " + ch);
                assertTrue(option.type().isInstance(value), option + " has type " + option.type());
            }
        }
    }

    @Test
    void optionsTheFamilyLacksAreRejectedWithUnsupportedOperation() throws IOException {
        for (NetworkChannel ch : channels()) {
            for (SocketOption<?> option : FOREIGN) {
                assertFalse(ch.supportedOptions().contains(option));
                UnsupportedOperationException e =
                        assertThrows(UnsupportedOperationException.class, () -> ch.getOption(option));
                assertTrue(e.getMessage().contains(option.name()), "message names the option: " + e.getMessage());
            }
            assertThrows(UnsupportedOperationException.class,
                    () -> ch.setOption(StandardSocketOptions.TCP_NODELAY, true));
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    @Requires(Feature.OPTIONS_READABLE_UNCONNECTED)
    void wrongValuesAreRejectedWithIllegalArgumentAndNullNamesWithNullPointer() throws IOException {
        for (NetworkChannel ch : channels()) {
            assertThrows(NullPointerException.class, () -> ch.getOption(null));
            assertThrows(NullPointerException.class, () -> ch.setOption(null, 1));
            for (SocketOption option : ch.supportedOptions()) {
                Object before = ch.getOption(option);
                assertThrows(IllegalArgumentException.class, () -> ch.setOption(option, new Object()),
                        option + " with a value of the wrong type");
                assertThrows(IllegalArgumentException.class, () -> ch.setOption(option, null),
                        option + " with null, as the JDK's channels do");
                assertEquals(before, ch.getOption(option), "a rejected value changes nothing");
            }
        }
    }

    @Test
    @Requires(Feature.BUFFER_SIZE_OPTIONS)
    void bufferSizesRoundTrip() throws IOException {
        Connection c = connectedPair();
        List<SocketOption<Integer>> sizes = List.of(StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF);
        int checked = 0;
        for (NetworkChannel ch : List.of(openChannel(), c.client())) {
            Set<SocketOption<?>> options = ch.supportedOptions();
            for (SocketOption<Integer> size : sizes) {
                if (options.contains(size)) {
                    ch.setOption(size, 65536);
                    // Linux doubles what it is given, for its bookkeeping; it never gives less
                    assertTrue(ch.getOption(size) >= 65536, size + " is at least what was set: " + ch.getOption(size));
                    assertThrows(IllegalArgumentException.class, () -> ch.setOption(size, -1));
                    checked++;
                }
            }
            if (options.contains(HvSocketOptions.VSOCK_BUFFER_SIZE)) {
                long max = ch.getOption(HvSocketOptions.VSOCK_BUFFER_MAX_SIZE);
                long min = ch.getOption(HvSocketOptions.VSOCK_BUFFER_MIN_SIZE);
                long wanted = Math.max(min, Math.min(max, 128 * 1024));
                ch.setOption(HvSocketOptions.VSOCK_BUFFER_SIZE, wanted);
                assertEquals(wanted, ch.getOption(HvSocketOptions.VSOCK_BUFFER_SIZE));
                checked++;
            }
        }
        assertTrue(checked > 0, fixture().family() + " has some buffer size option");
    }

    @Test
    void lingerRoundTripsWhereSupported() throws IOException {
        SocketOption<Integer> linger = StandardSocketOptions.SO_LINGER;
        NetworkChannel ch = openChannel();
        if (!ch.supportedOptions().contains(linger)) {
            assertThrows(UnsupportedOperationException.class, () -> ch.setOption(linger, 1));
            return;
        }
        assertEquals(-1, ch.getOption(linger), "off by default");
        ch.setOption(linger, 3);
        assertEquals(3, ch.getOption(linger));
        ch.setOption(linger, -1);
        assertEquals(-1, ch.getOption(linger));
    }

    @Test
    void optionsOfAClosedChannelThrowClosedChannel() throws IOException {
        for (NetworkChannel ch : List.of(openChannel(), openServer())) {
            SocketOption<?> any = ch.supportedOptions().iterator().next();
            ch.close();
            assertThrows(ClosedChannelException.class, () -> ch.getOption(any));
        }
    }
}
