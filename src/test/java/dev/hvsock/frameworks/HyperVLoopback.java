package dev.hvsock.frameworks;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvSocketAddress;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;

import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Whether this Windows machine lets a test listen on a loopback Hyper-V socket: that needs the Hyper-V
 * socket provider (Hyper-V or the Virtual Machine Platform installed) and may need an elevated prompt.
 */
final class HyperVLoopback {
    private HyperVLoopback() {
    }

    static void assumeCanListen(HvSocketAddress address) {
        try (ServerSocketChannel probe = HvSelectorProvider.provider()
                .openServerSocketChannel(HvProtocolFamily.HYPERV)) {
            probe.bind(address);
        } catch (UnsupportedOperationException | IOException e) {
            abort("cannot listen on the Hyper-V loopback " + address + " here (" + e + "); Hyper-V socket tests "
                    + "need Hyper-V or the Virtual Machine Platform, and may need an elevated (administrator) prompt");
        }
    }
}
