package dev.hvsock.conformance;

import dev.hvsock.testing.HyperVCapability;
import dev.hvsock.testing.HyperVTest;

/**
 * The conformance suite on AF_HYPERV through the loopback partition ({@code HV_GUID_LOOPBACK}), on Windows,
 * with vsock-template service ids that need no registration ({@link HyperVLoopbackFixture}). Skipped, with
 * the reason, without Hyper-V sockets or a loopback listener; failed instead when
 * {@code HVSOCK_EXPECT_HYPERV=1} (see {@link HyperVTest} and docs/windows.md).
 */
@HyperVTest({HyperVCapability.SOCKETS, HyperVCapability.LOOPBACK_LISTENER})
class HyperVLoopbackConformanceTest extends ChannelConformanceSuite {
    HyperVLoopbackConformanceTest() {
        super(new HyperVLoopbackFixture());
    }
}
