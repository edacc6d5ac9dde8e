package dev.hvsock.conformance;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;

import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.ThreadLocalRandom;

/**
 * AF_HYPERV through the loopback partition ({@code HV_GUID_LOOPBACK}), on Windows, as go-winio's
 * {@code hvsock_test.go} runs it on GitHub's hosted Windows runners: every listener binds the loopback VM id
 * and a random vsock-template service id ({@code randHvsockAddr}: {@code HvsockGUIDLoopback()} and
 * {@code VsockServiceID(rand.Uint32())}), which needs no {@code GuestCommunicationServices} registration
 * (go-winio never writes the registry), and clients connect to that very address. The registry has its own
 * test ({@code WindowsRegistryRoundTripTest}).
 *
 * <p>It needs {@code AF_HYPERV} and a loopback listener: the family's {@code @HyperVTest} says so, and skips
 * it (or fails it) where they are missing.
 */
final class HyperVLoopbackFixture implements ChannelFixture {
    private final SelectorProvider provider = HvSelectorProvider.provider();

    @Override
    public SelectorProvider provider() {
        return provider;
    }

    @Override
    public ProtocolFamily family() {
        return HvProtocolFamily.HYPERV;
    }

    @Override
    public Class<? extends SocketAddress> addressType() {
        return HvSocketAddress.class;
    }

    /**
     * The loopback VM id and a random vsock port's service id (up to 0x7FFFFFFF, the ports hvsocket.h maps;
     * go-winio draws from all 32 bits). A collision with another listener would be a bind failure
     * (WSAEADDRINUSE, which go-winio retries); with 2^31 ports it does not happen in a test run.
     */
    @Override
    public SocketAddress newServerAddress() {
        return randomLoopbackAddress();
    }

    static HvSocketAddress randomLoopbackAddress() {
        return HvSocketAddress.ofVsockPort(HvSocketAddress.LOOPBACK,
                ThreadLocalRandom.current().nextLong(HvSocketAddress.MAX_VSOCK_PORT + 1));
    }

    /**
     * The loopback VM id and the bound address's service id. A client's own address has another VM id
     * (go-winio's "client local" is {@code HV_GUID_CHILDREN} and its service id), so only the service id
     * is kept.
     */
    @Override
    public SocketAddress connectAddressFor(SocketAddress boundLocal) {
        return HvSocketAddress.of(HvSocketAddress.LOOPBACK, ((HvSocketAddress) boundLocal).serviceId());
    }

    /** A service nobody listens on: go-winio's TestHvSockDialNoTimeout expects WSAECONNREFUSED for it. */
    @Override
    public SocketAddress missingAddress() {
        return randomLoopbackAddress();
    }

    @Override
    public String lacks(Feature feature) {
        return switch (feature) {
            // as far as is known (unverified): Hyper-V sockets refuse a connect that finds the backlog full
            case FULL_BACKLOG_FAILS_A_NONBLOCKING_CONNECT, FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT,
                 FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT_ON_VIRTUAL_THREADS -> "Hyper-V sockets refuse a connect "
                    + "that finds the backlog full once it has started, so a backlog can neither be filled by "
                    + "refused connects nor hold a blocking one";
            // go-winio's hvsock_test.go (TestHvSockAddresses, "OSinfo"): "The server sockets local address seems
            // arbitrary, so skip this test"; hvsock.go's Accept: getsockname's service id on an accepted socket
            // differs from the listener's
            case ACCEPTED_END_AT_LISTENER_ADDRESS -> "an accepted Hyper-V socket's getsockname is not the "
                    + "listener's address (go-winio: \"seems arbitrary\")";
            // hvsocket.h documents only the HVSOCKET_* options for AF_HYPERV
            case BUFFER_SIZE_OPTIONS -> "AF_HYPERV documents no buffer size option (hvsocket.h has HVSOCKET_* "
                    + "options only)";
            default -> null;
        };
    }

    @Override
    public BlockingFrames blockingFrames() {
        return BlockingFrames.HVSOCK;
    }

    @Override
    public double dataScale() {
        return 1.0;
    }
}
