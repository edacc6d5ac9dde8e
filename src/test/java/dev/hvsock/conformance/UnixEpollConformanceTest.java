package dev.hvsock.conformance;

import org.junit.jupiter.api.Nested;

/** The conformance suite on AF_UNIX, with selectors over the platform's scalable poll set (epoll). */
class UnixEpollConformanceTest extends ChannelConformanceSuite {
    private static final ChannelFixture FIXTURE = UnixFixture.scalableSelector();

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
