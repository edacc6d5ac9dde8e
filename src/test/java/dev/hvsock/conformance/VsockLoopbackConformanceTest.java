package dev.hvsock.conformance;

import dev.hvsock.testing.VsockTest;

/**
 * The conformance suite on AF_VSOCK over the loopback transport (CID 1). Skipped where there is none,
 * failed instead where the run says there must be one (the QEMU guest): see {@link VsockTest}.
 */
@VsockTest
class VsockLoopbackConformanceTest extends ChannelConformanceSuite {
    private static final ChannelFixture FIXTURE = new VsockLoopbackFixture();

    VsockLoopbackConformanceTest() {
        super(FIXTURE);
    }
}
