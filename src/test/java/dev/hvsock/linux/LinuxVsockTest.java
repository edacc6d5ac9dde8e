package dev.hvsock.linux;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.HvSocketOptions;
import dev.hvsock.VsockAddress;
import dev.hvsock.internal.platform.AddressRules;
import dev.hvsock.internal.platform.Platforms;
import dev.hvsock.testing.VsockCapability;
import dev.hvsock.testing.VsockTest;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AF_VSOCK as far as it goes without a loopback transport: sockets, binding, listening, local addresses,
 * the HvSocketAddress mapping and options. The only connect ever made goes to CID 1.
 */
@VsockTest(VsockCapability.SOCKETS)
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LinuxVsockTest {
    private final SelectorProvider provider = HvSelectorProvider.provider();
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c; (c = opened.poll()) != null; ) {
            c.close();
        }
    }

    private ServerSocketChannel server() throws IOException {
        ServerSocketChannel s = provider.openServerSocketChannel(HvProtocolFamily.VSOCK);
        opened.push(s);
        return s;
    }

    private SocketChannel client() throws IOException {
        SocketChannel c = provider.openSocketChannel(HvProtocolFamily.VSOCK);
        opened.push(c);
        return c;
    }

    /** Binds to {@code CID_ANY} and a port above the ephemeral range's usual start, retrying if taken. */
    private long bindToSomeFixedPort(ServerSocketChannel s, LongFunction<SocketAddress> address)
            throws IOException {
        for (int attempt = 0; ; attempt++) {
            long port = 40_000 + ThreadLocalRandom.current().nextInt(20_000);
            try {
                s.bind(address.apply(port));
                return port;
            } catch (BindException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    @Test
    void theNaturalFamilyOnLinuxIsVsock() throws IOException {
        SocketChannel ch = provider.openSocketChannel();
        opened.push(ch);
        assertNull(ch.getLocalAddress());
        ch.bind(null);
        assertInstanceOf(VsockAddress.class, ch.getLocalAddress(), "a vsock channel has vsock addresses");
        ServerSocketChannel s = provider.openServerSocketChannel();
        opened.push(s);
        s.bind(null);
        assertInstanceOf(VsockAddress.class, s.getLocalAddress());
    }

    @Test
    void bindToNullListensOnAnyCidAndAFreePort() throws IOException {
        ServerSocketChannel s = server();
        assertNull(s.getLocalAddress());
        s.bind(null);
        VsockAddress local = (VsockAddress) s.getLocalAddress();
        assertEquals(VsockAddress.CID_ANY, local.cid());
        assertNotEquals(VsockAddress.PORT_ANY, local.port(), "the kernel chose a port");
        assertThrows(AlreadyBoundException.class, () -> s.bind(null));
    }

    @Test
    void bindToAFixedPortListensThere() throws IOException {
        ServerSocketChannel s = server();
        long port = bindToSomeFixedPort(s, p -> VsockAddress.of(VsockAddress.CID_ANY, p));
        assertEquals(VsockAddress.of(VsockAddress.CID_ANY, port), s.getLocalAddress());

        ServerSocketChannel second = server();
        BindException e = assertThrows(BindException.class,
                () -> second.bind(VsockAddress.of(VsockAddress.CID_ANY, port)));
        assertTrue(e.getMessage().contains("vsock:any:" + port), "names the address: " + e.getMessage());
        assertNull(second.getLocalAddress());
    }

    @Test
    void listenWithABacklog() throws IOException {
        ServerSocketChannel s = server();
        s.bind(VsockAddress.of(VsockAddress.CID_ANY, VsockAddress.PORT_ANY), 1);
        s.configureBlocking(false);
        assertNull(s.accept(), "listening, nobody connected");
    }

    @Test
    void aWildcardHvSocketAddressWithATemplatePortBindsToCidAny() throws IOException {
        ServerSocketChannel s = server();
        long port = bindToSomeFixedPort(s, p -> HvSocketAddress.ofVsockPort(HvSocketAddress.WILDCARD, p));
        assertEquals(VsockAddress.of(VsockAddress.CID_ANY, port), s.getLocalAddress(),
                "local addresses are reported as vsock addresses");
    }

    @Test
    void aServiceIdOffTheTemplateIsRejectedExplainingTheTemplate() throws IOException {
        ServerSocketChannel s = server();
        HvSocketAddress unmapped =
                HvSocketAddress.of(HvSocketAddress.WILDCARD, UUID.fromString("a1b2c3d4-0000-4000-8000-00000000abcd"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.bind(unmapped));
        assertTrue(e.getMessage().contains("FACB-11E6-BD58-64006A7986D3"), "explains the template: " + e.getMessage());
        assertNull(s.getLocalAddress(), "a rejected address changes nothing");
        assertTrue(s.isOpen());

        SocketChannel c = client();
        HvSocketAddress loopbackUnmapped = HvSocketAddress.of(HvSocketAddress.LOOPBACK, unmapped.serviceId());
        assertThrows(IllegalArgumentException.class, () -> c.connect(loopbackUnmapped));
        assertTrue(c.isOpen(), "rejected before any connect was tried");
    }

    @Test
    void wellKnownVmIdsMapToCidsWithoutConnecting() {
        AddressRules platform = Platforms.current().addressRules();
        assertEquals(VsockAddress.of(VsockAddress.CID_HOST, 5000),
                platform.checkAddress(HvProtocolFamily.VSOCK, HvSocketAddress.parse("parent:5000"), false));
        assertEquals(VsockAddress.of(VsockAddress.CID_LOCAL, 5000),
                platform.checkAddress(HvProtocolFamily.VSOCK, HvSocketAddress.parse("loopback:5000"), false));
        assertEquals(VsockAddress.of(VsockAddress.CID_ANY, 5000),
                platform.checkAddress(HvProtocolFamily.VSOCK, HvSocketAddress.parse("wildcard:5000"), true));
        VsockAddress plain = VsockAddress.of(3, 7);
        assertSame(plain, platform.checkAddress(HvProtocolFamily.VSOCK, plain, false));
        IllegalArgumentException wildcardPeer = assertThrows(IllegalArgumentException.class,
                () -> platform.checkAddress(HvProtocolFamily.VSOCK, HvSocketAddress.parse("wildcard:5000"), false));
        assertTrue(wildcardPeer.getMessage().contains("wildcard"), wildcardPeer.getMessage());
        IllegalArgumentException noCid = assertThrows(IllegalArgumentException.class,
                () -> platform.checkAddress(HvProtocolFamily.VSOCK, HvSocketAddress.parse("children:5000"), false));
        assertTrue(noCid.getMessage().contains("CID"), noCid.getMessage());
    }

    @Test
    void aLoopbackHvSocketAddressConnectsToCid1AndAFailureNamesIt() throws IOException {
        // CID 1 is the only CID this suite ever connects to. With vsock_loopback the port has no listener;
        // without it the request goes nowhere and times out (ENODEV on kernels with no transport at all):
        // either way the connect fails, naming vsock:1:PORT. A short connect timeout bounds the wait.
        // a port a Hyper-V service id can carry (up to 0x7FFFFFFF, hvsocket.h); the kernel's pick for bind(null)
        // is a random 32-bit port, so one in range is taken, and freed, here
        ServerSocketChannel unused = server();
        long port = ThreadLocalRandom.current().nextLong(1024, HvSocketAddress.MAX_VSOCK_PORT + 1);
        unused.bind(VsockAddress.of(VsockAddress.CID_ANY, port));
        unused.close();
        SocketChannel c = client();
        c.setOption(HvSocketOptions.CONNECT_TIMEOUT, 500);
        ConnectException e = assertThrows(ConnectException.class,
                () -> c.connect(HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK, port)));
        assertTrue(e.getMessage().contains("vsock:1:" + port), "names the mapped address: " + e.getMessage());
        assertFalse(c.isOpen(), "a failed connect closes the channel");
    }

    @Test
    void foreignAddressTypesAreRejected() throws IOException {
        ServerSocketChannel s = server();
        assertThrows(UnsupportedAddressTypeException.class, () -> s.bind(UnixDomainSocketAddress.of("/tmp/x.sock")));
        assertNull(s.getLocalAddress());
    }

    @Test
    void vsockBufferSizeRoundTrips() throws IOException {
        for (NetworkChannel ch : new NetworkChannel[] {client(), server()}) {
            long min = ch.getOption(HvSocketOptions.VSOCK_BUFFER_MIN_SIZE);
            long max = ch.getOption(HvSocketOptions.VSOCK_BUFFER_MAX_SIZE);
            assertTrue(min <= max, min + " <= " + max);
            long size = Math.max(min, Math.min(max, 100_000));
            ch.setOption(HvSocketOptions.VSOCK_BUFFER_SIZE, size);
            assertEquals(size, ch.getOption(HvSocketOptions.VSOCK_BUFFER_SIZE));

            ch.setOption(HvSocketOptions.VSOCK_BUFFER_MAX_SIZE, 1L << 20);
            assertEquals(1L << 20, ch.getOption(HvSocketOptions.VSOCK_BUFFER_MAX_SIZE));
            ch.setOption(HvSocketOptions.VSOCK_BUFFER_SIZE, 512L * 1024);
            assertEquals(512L * 1024, ch.getOption(HvSocketOptions.VSOCK_BUFFER_SIZE), "raised along with the maximum");
            assertThrows(IllegalArgumentException.class, () -> ch.setOption(HvSocketOptions.VSOCK_BUFFER_SIZE, -1L));
        }
    }

    @Test
    void connectTimeoutRoundTrips() throws IOException {
        SocketChannel c = client();
        c.setOption(HvSocketOptions.CONNECT_TIMEOUT, 1_500);
        assertEquals(1_500, c.getOption(HvSocketOptions.CONNECT_TIMEOUT));
        c.setOption(HvSocketOptions.CONNECT_TIMEOUT, 30_000);
        assertEquals(30_000, c.getOption(HvSocketOptions.CONNECT_TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> c.setOption(HvSocketOptions.CONNECT_TIMEOUT, 0));
        assertThrows(IllegalArgumentException.class, () -> c.setOption(HvSocketOptions.CONNECT_TIMEOUT, -5));
        assertEquals(30_000, c.getOption(HvSocketOptions.CONNECT_TIMEOUT), "rejected values change nothing");
    }

    // Until issue 12 SO_RCVBUF and SO_SNDBUF were in this list: vsock channels now pass them to the kernel,
    // which takes them (bufferSizesGoToTheKernel).
    @Test
    void optionsVsockLacksAreRejected() throws IOException {
        SocketChannel c = client();
        ServerSocketChannel s = server();
        for (SocketOption<?> option : new SocketOption<?>[] {
                StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_KEEPALIVE,
                HvSocketOptions.CONTAINER_PASSTHRU, HvSocketOptions.CONNECTED_SUSPEND, HvSocketOptions.HIGH_VTL}) {
            assertThrows(UnsupportedOperationException.class, () -> c.getOption(option), option.name());
        }
        assertThrows(UnsupportedOperationException.class, () -> c.setOption(HvSocketOptions.CONTAINER_PASSTHRU, true));
        assertThrows(UnsupportedOperationException.class, () -> s.getOption(HvSocketOptions.CONNECT_TIMEOUT),
                "a listener has no connect timeout");
        assertTrue(c.supportedOptions().contains(HvSocketOptions.CONNECT_TIMEOUT));
        assertTrue(s.supportedOptions().contains(HvSocketOptions.VSOCK_BUFFER_SIZE));
    }

    @Test
    void bufferSizesGoToTheKernel() throws IOException {
        SocketChannel c = client();
        ServerSocketChannel s = server();
        assertTrue(c.supportedOptions().containsAll(Set.of(StandardSocketOptions.SO_SNDBUF,
                StandardSocketOptions.SO_RCVBUF)), c.supportedOptions().toString());
        assertTrue(s.supportedOptions().contains(StandardSocketOptions.SO_RCVBUF), s.supportedOptions().toString());
        for (SocketOption<Integer> size : List.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF)) {
            // the kernel keeps at least what it is given (twice, for its bookkeeping: socket(7))
            c.setOption(size, 16_384);
            int small = c.getOption(size);
            c.setOption(size, 65_536);
            int large = c.getOption(size);
            assertTrue(small >= 16_384 && large >= 65_536 && large > small, size + ": " + small + ", then " + large);
        }
        s.setOption(StandardSocketOptions.SO_RCVBUF, 65_536);
        assertTrue(s.getOption(StandardSocketOptions.SO_RCVBUF) >= 65_536);
        assertThrows(IllegalArgumentException.class, () -> c.setOption(StandardSocketOptions.SO_SNDBUF, -1));
        assertThrows(UnsupportedOperationException.class, () -> s.getOption(StandardSocketOptions.SO_SNDBUF),
                "a listener has SO_RCVBUF only, as the JDK's and the Unix ones");
    }

    @Test
    void theHyperVFamilyIsWindowsOnlySayingWhatToUseInstead() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> provider.openSocketChannel(HvProtocolFamily.HYPERV));
        assertTrue(e.getMessage().contains("Windows") && e.getMessage().contains("VSOCK"), e.getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> provider.openServerSocketChannel(HvProtocolFamily.HYPERV));
    }

    @Test
    void datagramsAndPipesAreUnsupported() {
        assertThrows(UnsupportedOperationException.class, () -> provider.openDatagramChannel(HvProtocolFamily.VSOCK));
        assertThrows(UnsupportedOperationException.class, provider::openPipe);
    }
}
