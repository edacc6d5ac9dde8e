package dev.hvsock.reliability;

import dev.hvsock.testing.LinuxHostFeature;
import dev.hvsock.testing.LinuxHostTest;

import org.junit.jupiter.api.Test;

/**
 * The AF_UNIX soak: 256 connections moving 16 MiB each way (4 GiB through the echo server in each
 * direction) by default. Every size is a system property, so a longer soak is one command line away:
 * {@code mvn test -Dtest=SoakTest -Dhvsock.soak.connections=512 -Dhvsock.soak.bytes=256M}; see
 * docs/reliability.md. The run bounds itself (stall and overall limits), so it carries no
 * {@code @Timeout} that would cut a long soak short.
 */
@LinuxHostTest(LinuxHostFeature.PROC_SELF_FD)
class SoakTest {
    @Test
    void manyConnectionsThroughSelectorEchoServerLoseAndCorruptNothing() throws Exception {
        Soak.Config config = Soak.Config.fromProperties(Transport.UNIX, "hvsock.soak.", 256, 16L << 20);
        new Soak(config).run();
    }
}
