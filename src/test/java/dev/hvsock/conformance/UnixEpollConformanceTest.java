package dev.hvsock.conformance;

/** The conformance suite on AF_UNIX, with selectors over the platform's scalable poll set (epoll). */
class UnixEpollConformanceTest extends ChannelConformanceSuite {
    private static final ChannelFixture FIXTURE = UnixFixture.scalableSelector();

    UnixEpollConformanceTest() {
        super(FIXTURE);
    }
}
