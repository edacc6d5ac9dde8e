package dev.hvsock.conformance;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The conformance suite on AF_HYPERV through the loopback partition ({@code HV_GUID_LOOPBACK}), on
 * Windows. Every listener gets a temporary service registration ({@link HyperVLoopbackFixture}), all
 * removed after the suite. Skipped, with the reason, without Hyper-V or elevation; failed instead when
 * {@code HVSOCK_EXPECT_HYPERV=1} (see docs/windows.md).
 */
@Tag("windows")
@EnabledOnOs(value = OS.WINDOWS, disabledReason = "AF_HYPERV sockets exist only on Windows")
class HyperVLoopbackConformanceTest extends ChannelConformanceSuite {
    private static final HyperVLoopbackFixture FIXTURE = new HyperVLoopbackFixture();

    @AfterAll
    static void removeTheTemporaryServices() throws IOException {
        FIXTURE.unregisterAll();
    }

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
