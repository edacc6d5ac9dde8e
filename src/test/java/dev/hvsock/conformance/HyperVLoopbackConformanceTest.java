package dev.hvsock.conformance;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;

import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The conformance suite on AF_HYPERV through the loopback partition ({@code HV_GUID_LOOPBACK}), on
 * Windows. This file belongs to the Windows platform work (issue 3): its fixture still lacks the
 * temporary service registration a Hyper-V listener needs, and says so instead of running.
 */
@Tag("windows")
@EnabledOnOs(value = OS.WINDOWS, disabledReason = "AF_HYPERV sockets exist only on Windows")
class HyperVLoopbackConformanceTest extends ChannelConformanceSuite {
    private static final ChannelFixture FIXTURE = new HyperVLoopbackFixture();

    @Nested
    class Connecting extends ConnectContract {
        Connecting() {
            super(FIXTURE);
        }
    }

    @Nested
    class Accepting extends AcceptContract {
        Accepting() {
            super(FIXTURE);
        }
    }

    @Nested
    class ReadingAndWriting extends ReadWriteContract {
        ReadingAndWriting() {
            super(FIXTURE);
        }
    }

    @Nested
    class ScatteringAndGathering extends ScatterGatherContract {
        ScatteringAndGathering() {
            super(FIXTURE);
        }
    }

    @Nested
    class ShuttingDown extends ShutdownContract {
        ShuttingDown() {
            super(FIXTURE);
        }
    }

    @Nested
    class Addresses extends AddressContract {
        Addresses() {
            super(FIXTURE);
        }
    }

    @Nested
    class Options extends OptionContract {
        Options() {
            super(FIXTURE);
        }
    }

    @Nested
    class Adaptors extends AdaptorContract {
        Adaptors() {
            super(FIXTURE);
        }
    }

    @Nested
    class Registering extends RegistrationContract {
        Registering() {
            super(FIXTURE);
        }
    }

    @Nested
    class Selecting extends SelectorContract {
        Selecting() {
            super(FIXTURE);
        }
    }

    @Nested
    class KeyLifecycle extends KeyLifecycleContract {
        KeyLifecycle() {
            super(FIXTURE);
        }
    }

    @Nested
    class AsynchronousClose extends AsyncCloseContract {
        AsynchronousClose() {
            super(FIXTURE);
        }
    }

    @Nested
    class Concurrency extends ConcurrencyContract {
        Concurrency() {
            super(FIXTURE);
        }
    }

    @Nested
    class VirtualThreads extends VirtualThreadContract {
        VirtualThreads() {
            super(FIXTURE);
        }
    }

    /**
     * Listeners bind to the wildcard VM id and a service id of their own; clients connect to the same
     * service id on the loopback partition. The service id must be registered under
     * {@code GuestCommunicationServices} while the suite runs and removed afterwards.
     */
    static final class HyperVLoopbackFixture implements ChannelFixture {
        /** The service every listener of the suite binds to; registration must cover it. */
        private final UUID serviceId = UUID.randomUUID();

        @Override
        public SelectorProvider provider() {
            return HvSelectorProvider.provider();
        }

        @Override
        public ProtocolFamily family() {
            return HvProtocolFamily.HYPERV;
        }

        @Override
        public Class<? extends SocketAddress> addressType() {
            return HvSocketAddress.class;
        }

        @Override
        public SocketAddress newServerAddress() {
            return HvSocketAddress.of(HvSocketAddress.WILDCARD, serviceId);
        }

        @Override
        public SocketAddress connectAddressFor(SocketAddress boundLocal) {
            return HvSocketAddress.of(HvSocketAddress.LOOPBACK, ((HvSocketAddress) boundLocal).serviceId());
        }

        @Override
        public SocketAddress missingAddress() {
            return HvSocketAddress.of(HvSocketAddress.LOOPBACK, UUID.randomUUID());
        }

        @Override
        public String unavailableReason() {
            return "the Hyper-V loopback suite needs a temporary service registration "
                    + "(GuestCommunicationServices\\" + serviceId + "), which the Windows platform work "
                    + "(issue 3) adds to this fixture";
        }

        @Override
        public boolean backlogFullDefersConnect() {
            return false;
        }

        @Override
        public double dataScale() {
            return 1.0;
        }
    }
}
