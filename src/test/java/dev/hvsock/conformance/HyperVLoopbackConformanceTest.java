package dev.hvsock.conformance;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
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

    HyperVLoopbackConformanceTest() {
        super(FIXTURE);
    }
}
