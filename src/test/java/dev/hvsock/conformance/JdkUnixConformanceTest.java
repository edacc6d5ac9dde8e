package dev.hvsock.conformance;

/**
 * The conformance suite on the JDK's own AF_UNIX channels and selectors: the reference. Where the JDK
 * passes a test, the contract it checks is the JDK's, and hvsock-nio agrees with it; the tests of what
 * only this library promises ({@link Feature}) are skipped here, each saying why.
 */
class JdkUnixConformanceTest extends ChannelConformanceSuite {
    private static final ChannelFixture FIXTURE = UnixFixture.jdk();

    JdkUnixConformanceTest() {
        super(FIXTURE);
    }
}
