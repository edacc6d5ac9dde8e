package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.internal.ffi.windows.WinSockTypes;
import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.select.NativeSelectableChannel;
import dev.hvsock.windows.model.WinsockModel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code WSAPoll} and {@code SO_ERROR} of the Winsock model as Wine's {@code dlls/ws2_32/tests/sock.c}
 * ({@code test_WSAPoll}, run on real Windows) sees them, and {@link WsaPollCall} over them: a bad handle among
 * valid ones is {@code POLLNVAL} and not counted, and still fires; {@code WSAENOTSOCK} only when no entry is
 * valid; a graceful close is {@code POLLHUP} without {@code POLLRDNORM}; {@code SO_ERROR} is kept when read.
 */
@EnabledIf(value = "dev.hvsock.testing.PlatformUnderTest#overWinsockModel",
        disabledReason = "calls the Winsock model's WSAPoll, which runs on Linux only")
class WsaPollOverModelTest {
    /** No SOCKET of the model (its handles are 0x10000 + 4n), as Wine's test uses 0xabacab. */
    private static final long BAD = 0xabacab;

    private final HvSelectorProvider provider = HvSelectorProvider.provider();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment callState = arena.allocate(Downcalls.CALL_STATE);
    private final MemorySegment array = arena.allocate(WsaPollEvents.ENTRY_SIZE * 4, 8);
    private final WsaPollCall.Native wsaPoll = new WsaPollCall.Native() {
        @Override
        public int poll(MemorySegment entries, int count, int timeoutMillis) {
            return Downcalls.wsaPoll(callState, entries, count, timeoutMillis);
        }

        @Override
        public int lastError() {
            return Downcalls.wsaError(callState);
        }
    };

    @AfterEach
    void closeAll() throws Exception {
        WinsockModel.control("wsapoll_bad_entry_fails", 0);
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        arena.close();
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static long handle(Object channel) {
        return ((NativeSelectableChannel) channel).handle();
    }

    private ServerSocketChannel listener() throws IOException {
        ServerSocketChannel server = track(provider.openServerSocketChannel(HvProtocolFamily.HYPERV));
        server.bind(HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK,
                ThreadLocalRandom.current().nextLong(HvSocketAddress.MAX_VSOCK_PORT + 1)));
        return server;
    }

    @Test
    void aBadHandleAmongValidOnesIsPollnvalUncountedAndWsaPollCallStillFiresIt() throws IOException {
        long listener = handle(listener());
        WsaPollEvents.setEntry(array, 0, listener, Events.IN);
        WsaPollEvents.setEntry(array, 1, BAD, Events.IN);
        assertEquals(0, Downcalls.wsaPoll(callState, array, 2, 0), "not counted, no error");
        assertEquals(0, WsaPollEvents.reventsOf(array, 0));
        assertEquals(WsaPollEvents.POLLNVAL, WsaPollEvents.reventsOf(array, 1));

        assertEquals(1, WsaPollCall.poll(wsaPoll, array, 2, 0), "the bad entry is ready");
        assertEquals(WsaPollEvents.POLLNVAL, WsaPollEvents.reventsOf(array, 1));
    }

    @Test
    void onlyAnArrayWithoutAValidEntryFailsWithWsaenotsock() {
        WsaPollEvents.setEntry(array, 0, -1, Events.IN);
        WsaPollEvents.setEntry(array, 1, BAD, Events.IN);
        assertEquals(-1, Downcalls.wsaPoll(callState, array, 2, 0));
        assertEquals(WsaErrors.WSAENOTSOCK, Downcalls.wsaError(callState));
        assertEquals(WsaPollEvents.POLLNVAL, WsaPollEvents.reventsOf(array, 0));
        assertEquals(WsaPollEvents.POLLNVAL, WsaPollEvents.reventsOf(array, 1));
    }

    @Test
    void underIssue18sWholeCallFailureTheBadEntryFiresAllTheSame() throws IOException {
        long listener = handle(listener());
        WinsockModel.control("wsapoll_bad_entry_fails", 1);
        WsaPollEvents.setEntry(array, 0, listener, Events.IN);
        WsaPollEvents.setEntry(array, 1, BAD, Events.IN);
        assertEquals(1, WsaPollCall.poll(wsaPoll, array, 2, 0));
        assertEquals(0, WsaPollEvents.reventsOf(array, 0));
        assertEquals(WsaPollEvents.POLLNVAL, WsaPollEvents.reventsOf(array, 1));
    }

    @Test
    void aGracefulCloseIsPollhupWithoutPollrdnormOnceNothingIsLeftToRead() throws IOException {
        ServerSocketChannel server = listener();
        SocketChannel client = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        client.connect(server.getLocalAddress());
        SocketChannel accepted = track(server.accept());
        accepted.shutdownOutput();
        int pollhup = WsaPollEvents.POLLHUP;
        WsaPollEvents.setEntry(array, 0, handle(client), Events.IN | Events.OUT);
        assertEquals(1, Downcalls.wsaPoll(callState, array, 1, 1000));
        assertEquals(WsaPollEvents.POLLWRNORM | pollhup, WsaPollEvents.reventsOf(array, 0));
        WsaPollEvents.setEntry(array, 0, handle(client), 0);
        assertEquals(1, Downcalls.wsaPoll(callState, array, 1, 1000));
        assertEquals(pollhup, WsaPollEvents.reventsOf(array, 0), "POLLHUP even with events 0");
        assertEquals(Events.IN, WsaPollEvents.fromWsa(pollhup), "which the platform takes as readable");
    }

    @Test
    void soErrorIsKeptWhenRead() throws IOException {
        SocketChannel client = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        client.configureBlocking(false);
        assertFalse(client.connect(HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK,
                ThreadLocalRandom.current().nextLong(HvSocketAddress.MAX_VSOCK_PORT + 1))));
        for (int read = 1; read <= 2; read++) {
            MemorySegment value = arena.allocateFrom(ValueLayout.JAVA_INT, 0);
            MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, 4);
            assertEquals(0, Downcalls.getsockopt(callState, handle(client), WinSockTypes.SOL_SOCKET(),
                    WinSockTypes.SO_ERROR(), value, length));
            assertEquals(WinSockTypes.WSAECONNREFUSED(), value.get(ValueLayout.JAVA_INT, 0), "read " + read);
        }
    }
}
