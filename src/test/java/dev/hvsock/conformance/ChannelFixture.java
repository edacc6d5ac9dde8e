package dev.hvsock.conformance;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.channels.spi.SelectorProvider;

/**
 * What the conformance suite needs to know about one socket family on one selector implementation:
 * how to open channels, which addresses to bind and connect to, and whether the family can run here.
 */
public interface ChannelFixture {
    /** The provider whose channels and selectors are under test. */
    SelectorProvider provider();

    /** The family every channel of the suite is opened with. */
    ProtocolFamily family();

    /** The type {@code getLocalAddress}/{@code getRemoteAddress} return for this family. */
    Class<? extends SocketAddress> addressType();

    /** A fresh address for a listener to bind to, unused by any other test. */
    SocketAddress newServerAddress() throws IOException;

    /** The address a client connects to in order to reach a listener bound to {@code boundLocal}. */
    SocketAddress connectAddressFor(SocketAddress boundLocal);

    /** An address nothing listens on: connecting to it must fail. */
    SocketAddress missingAddress() throws IOException;

    /** Why this family lacks {@code feature}, or {@code null} if it has it. */
    String lacks(Feature feature);

    /** Where a thread blocked in these channels or selectors waits. */
    BlockingFrames blockingFrames();

    /** The fraction of the full data sizes to move: 1 where the family is fast, less where it is slow. */
    double dataScale();

    /**
     * {@code bytes} scaled by {@link #dataScale()} and by the system property {@code hvsock.test.dataScale}
     * (default 1; the arm64 stages, which run under emulation, set it lower), at least 1.
     */
    default int scaled(int bytes) {
        double emulation = Double.parseDouble(System.getProperty("hvsock.test.dataScale", "1"));
        return (int) Math.max(1, Math.round(bytes * dataScale() * emulation));
    }
}
