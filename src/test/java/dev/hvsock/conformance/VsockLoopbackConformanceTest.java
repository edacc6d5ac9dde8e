package dev.hvsock.conformance;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * The conformance suite on AF_VSOCK over the loopback transport (CID 1). Skipped where there is none,
 * failed instead if {@code HVSOCK_EXPECT_VSOCK_LOOPBACK=1} says there must be one (the QEMU guest).
 */
@Tag("vsock")
class VsockLoopbackConformanceTest extends ChannelConformanceSuite {
    private static final ChannelFixture FIXTURE = new VsockLoopbackFixture();

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
}
