package dev.hvsock.windows;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.HvSocketOptions;
import dev.hvsock.testing.HyperVCapability;
import dev.hvsock.testing.HyperVTest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What real Windows is known to do with Hyper-V sockets on the loopback partition, each expectation with its
 * source. Most come from go-winio's {@code hvsock_test.go} (microsoft/go-winio, commit ad3df93b), which runs
 * unskipped on GitHub's hosted Windows runners on every push; line numbers refer to that file. go-winio dials
 * with {@code ConnectEx}, binding the client first; these tests connect as the library does, with a plain
 * {@code connect}.
 */
@HyperVTest(HyperVCapability.LOOPBACK_LISTENER)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HyperVLoopbackBehaviourTest {
    private final HvSelectorProvider provider = HvSelectorProvider.provider();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** go-winio's randHvsockAddr (lines 23-29): the loopback VM id and a random vsock-template service id. */
    private static HvSocketAddress randomLoopbackAddress() {
        return HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK,
                ThreadLocalRandom.current().nextLong(HvSocketAddress.MAX_VSOCK_PORT + 1));
    }

    private ServerSocketChannel listen() throws IOException {
        ServerSocketChannel server = track(provider.openServerSocketChannel(HvProtocolFamily.HYPERV));
        server.bind(randomLoopbackAddress());
        return server;
    }

    private record Pair(SocketChannel client, SocketChannel accepted, HvSocketAddress listening) {
    }

    private Pair connect() throws IOException {
        ServerSocketChannel server = listen();
        SocketChannel client = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        HvSocketAddress listening = (HvSocketAddress) server.getLocalAddress();
        assertTrue(client.connect(listening));
        return new Pair(client, track(server.accept()), listening);
    }

    @Test
    void aLoopbackListenerOnAVsockTemplateIdNeedsNoRegistryEntryAndHasItsAddress() throws IOException {
        // go-winio registers nothing (no registry access anywhere in it) and listens on randHvsockAddr();
        // TestHvSockListenerAddresses (108-120): getsockname of the listener is exactly the bound address
        HvSocketAddress address = randomLoopbackAddress();
        ServerSocketChannel server = track(provider.openServerSocketChannel(HvProtocolFamily.HYPERV));
        server.bind(address);
        assertEquals(address, server.getLocalAddress());
    }

    @Test
    void theAddressesOfALoopbackConnection() throws IOException {
        Pair p = connect();
        HvSocketAddress clientLocal = (HvSocketAddress) p.client().getLocalAddress();
        // TestHvSockAddresses (137-140, 159): the client's local address is HV_GUID_CHILDREN and a service id
        assertEquals(HvSocketAddress.CHILDREN, clientLocal.vmId(), "client local " + clientLocal);
        // "client remote" (138): where it connected
        assertEquals(p.listening(), p.client().getRemoteAddress());
        // "server remote" (140): HV_GUID_LOOPBACK and the client's service id
        assertEquals(HvSocketAddress.of(HvSocketAddress.LOOPBACK, clientLocal.serviceId()),
                p.accepted().getRemoteAddress());
        // 160-162: "The server sockets local address seems arbitrary": only its type is certain
        assertInstanceOf(HvSocketAddress.class, p.accepted().getLocalAddress());
    }

    @Test
    void aConnectToALoopbackServiceNobodyListensOnIsRefusedAtOnce() throws IOException {
        // TestHvSockDialNoTimeout (505-523): WSAECONNREFUSED, within 2 ms there ("connections usually take
        // about ~500us"); a second here leaves room for a slow runner, far below the 10 s connect timeout
        SocketChannel client = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        long start = System.nanoTime();
        ConnectException e = assertThrows(ConnectException.class, () -> client.connect(randomLoopbackAddress()));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(e.getMessage().contains("WSAECONNREFUSED"), e.getMessage());
        assertTrue(millis < 1_000, "refused after " + millis + " ms");
    }

    @Test
    void afterShutdownOutputWritesFailThePeerReadsTheEndAndStillWrites() throws IOException {
        Pair p = connect();
        p.client().shutdownOutput();
        // 341, 471-472: a send after CloseWrite fails with WSAESHUTDOWN; NIO: ClosedChannelException
        assertThrows(ClosedChannelException.class, () -> p.client().write(ByteBuffer.wrap(new byte[]{1})));
        // 400-402, 438-444: the peer of a CloseWrite reads EOF
        assertEquals(-1, p.accepted().read(ByteBuffer.allocate(1)));
        // 353-362, 404-406: a half-close: the other direction still carries data
        p.accepted().write(ByteBuffer.wrap(new byte[]{7}));
        ByteBuffer in = ByteBuffer.allocate(1);
        assertEquals(1, p.client().read(in));
        assertEquals(7, in.get(0));
    }

    @Test
    void afterShutdownInputReadsEndAndThePeersWritesStillSucceed() throws IOException {
        Pair p = connect();
        p.client().shutdownInput();
        // 371-374, 490-491: a recv after CloseRead fails with WSAESHUTDOWN; NIO: read returns -1
        assertEquals(-1, p.client().read(ByteBuffer.allocate(1)));
        // 407-412: "this should succeed": the peer's write after CloseRead
        assertEquals(5, p.accepted().write(ByteBuffer.wrap("test2".getBytes())));
        assertEquals(-1, p.client().read(ByteBuffer.allocate(1)), "still the end, data or not");
    }

    @Test
    void acceptedSocketsGetTheListenersConnectedSuspend() throws IOException {
        // Nothing documents whether an accepted socket inherits HVSOCKET_CONNECTED_SUSPEND; Microsoft's WSL
        // sets it on each socket it accepts on (src/windows/common/hvsocket.cpp), and so does the library
        ServerSocketChannel server = listen();
        server.setOption(HvSocketOptions.CONNECTED_SUSPEND, true);
        assertEquals(true, server.getOption(HvSocketOptions.CONNECTED_SUSPEND));
        SocketChannel client = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        assertTrue(client.connect(server.getLocalAddress()));
        SocketChannel accepted = track(server.accept());
        assertEquals(true, accepted.getOption(HvSocketOptions.CONNECTED_SUSPEND));
        assertEquals(false, client.getOption(HvSocketOptions.CONNECTED_SUSPEND), "the client did not ask");
    }

    @Test
    void theVersionDependentOptionsAreAdvertisedOnlyWhereTheyWork() throws IOException {
        // Ookii.VmSockets (HvSocket.cs): CONTAINER_PASSTHRU "was removed in Windows 11, version 22h2 (build
        // 22621)", HIGH_VTL "was introduced in Windows 11, version 22h2": a Windows has one or neither, not both
        SocketChannel channel = track(provider.openSocketChannel(HvProtocolFamily.HYPERV));
        boolean passthru = channel.supportedOptions().contains(HvSocketOptions.CONTAINER_PASSTHRU);
        boolean highVtl = channel.supportedOptions().contains(HvSocketOptions.HIGH_VTL);
        assertFalse(passthru && highVtl, "both CONTAINER_PASSTHRU and HIGH_VTL advertised");
        for (SocketOption<Boolean> option : List.of(HvSocketOptions.CONTAINER_PASSTHRU, HvSocketOptions.HIGH_VTL)) {
            if (channel.supportedOptions().contains(option)) {
                channel.setOption(option, true);
                assertEquals(true, channel.getOption(option));
                channel.setOption(option, false);
                assertEquals(false, channel.getOption(option));
            } else {
                assertThrows(UnsupportedOperationException.class, () -> channel.setOption(option, true));
            }
        }
    }

    @Test
    void aWriterSelectingAfterThePeersShutdownOutputWaitsWithoutSpinning() throws IOException {
        // Microsoft Learn, WSAPoll: POLLHUP "when the remote peer initiates a graceful disconnect", and error
        // conditions "are always returned": after the peer's FIN every WSAPoll reports POLLHUP at once. A key
        // interested in OP_WRITE only, with the send buffer full, must not make select() return at once
        Pair p = connect();
        SocketChannel client = p.client();
        client.configureBlocking(false);
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long filled = 0;
        int n;
        while ((n = client.write(chunk.clear())) > 0) {
            filled += n; // until the send buffer and the peer's receive buffer are full
        }
        assertTrue(filled > 0);
        p.accepted().shutdownOutput();
        Selector selector = track(provider.openSelector());
        client.register(selector, SelectionKey.OP_WRITE);
        Duration cpuBefore = processCpuTime();
        long start = System.nanoTime();
        int selected = selector.select(500);
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long cpuMillis = processCpuTime().minus(cpuBefore).toMillis();
        assertEquals(0, selected, "nothing to write with, and nothing else was asked for");
        assertTrue(wallMillis >= 400, "select waited " + wallMillis + " ms");
        assertTrue(cpuMillis < 250, "the process used " + cpuMillis + " ms of CPU in " + wallMillis + " ms");
    }

    /** The CPU time of the whole process: a spin in any of its threads (the selector's, the poller's) shows. */
    private static Duration processCpuTime() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow();
    }
}
