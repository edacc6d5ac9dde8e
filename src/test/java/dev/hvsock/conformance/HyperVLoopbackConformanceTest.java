package dev.hvsock.conformance;

import dev.hvsock.testing.HyperVCapability;
import dev.hvsock.testing.HyperVTest;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;

/**
 * The conformance suite on AF_HYPERV through the loopback partition ({@code HV_GUID_LOOPBACK}), on
 * Windows. Every listener gets a temporary service registration ({@link HyperVLoopbackFixture}), all
 * removed after the suite. Skipped, with the reason, without Hyper-V or elevation; failed instead when
 * {@code HVSOCK_EXPECT_HYPERV=1} (see {@link HyperVTest} and docs/windows.md).
 */
@HyperVTest({HyperVCapability.SOCKETS, HyperVCapability.SERVICE_REGISTRY})
class HyperVLoopbackConformanceTest extends ChannelConformanceSuite {
    private static final HyperVLoopbackFixture FIXTURE = new HyperVLoopbackFixture();

    @AfterAll
    static void removeTheTemporaryServices() throws IOException {
        FIXTURE.unregisterAll();
    }

    HyperVLoopbackConformanceTest() {
        super(FIXTURE);
    }
}
