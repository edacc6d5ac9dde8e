package dev.hvsock.conformance;

import org.junit.jupiter.api.Tag;

/**
 * The conformance suite on AF_VSOCK over the loopback transport (CID 1). Skipped where there is none,
 * failed instead if {@code HVSOCK_EXPECT_VSOCK_LOOPBACK=1} says there must be one (the QEMU guest).
 */
@Tag("vsock")
class VsockLoopbackConformanceTest extends ChannelConformanceSuite {
    private static final ChannelFixture FIXTURE = new VsockLoopbackFixture();

    VsockLoopbackConformanceTest() {
        super(FIXTURE);
    }
}
