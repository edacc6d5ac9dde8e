package dev.hvsock.conformance;

/**
 * The conformance suite on AF_UNIX, with selectors over the array-based poll set: the selector logic
 * Windows runs over WSAPoll, here over poll(2).
 */
class UnixPollConformanceTest extends ChannelConformanceSuite {
    private static final ChannelFixture FIXTURE = UnixFixture.arrayPollSelector();

    UnixPollConformanceTest() {
        super(FIXTURE);
    }
}
