package dev.hvsock.reliability;

import dev.hvsock.testing.LinuxHostFeature;
import dev.hvsock.testing.LinuxHostTest;
import dev.hvsock.testing.VsockTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reliability scenarios over AF_VSOCK through vsock_loopback (CID 1 only), for the QEMU guest
 * harness (src/test/vm/vsock-suite.sh), which runs under emulation about 20 times slower than this
 * machine: hence the smaller default sizes ({@code -Dhvsock.vsoak.*}, {@code -Dhvsock.vsock.cycles}).
 * Elsewhere these skip, or fail where the run promises a loopback: see {@link VsockTest}.
 */
@VsockTest
@Timeout(600)
@LinuxHostTest(LinuxHostFeature.PROC_SELF_FD)
class VsockReliabilityTest {

    @Test
    void soakThroughSelectorEchoServer() throws Exception {
        new Soak(Soak.Config.fromProperties(Transport.VSOCK, "hvsock.vsoak.", 8, 1L << 20)).run();
    }

    @Test
    void peerClosesMidStreamBlocking() throws Exception {
        PeerFailureTest.peerClosesMidStreamBlocking(Transport.VSOCK);
    }

    @Test
    void peerClosesMidStreamSelected() throws Exception {
        PeerFailureTest.peerClosesMidStreamSelected(Transport.VSOCK);
    }

    @ParameterizedTest(name = "{0} released by close and by interrupt")
    @EnumSource(value = BlockedOperationFaultTest.Op.class, names = {"READ", "WRITE", "ACCEPT", "SELECT"})
    void blockedOperationIsReleased(BlockedOperationFaultTest.Op op) throws Exception {
        for (BlockedOperationFaultTest.Cause cause : BlockedOperationFaultTest.Cause.values()) {
            BlockedOperationFaultTest.run(Transport.VSOCK, op, cause, Threads.Kind.PLATFORM);
        }
    }

    @Test
    void connectCloseCyclesReturnDescriptors() throws Exception {
        int cycles = Figures.intProperty("hvsock.vsock.cycles", 500);
        ProcessResources.startProcessWideState();
        try (ServerSocketChannel listener = Transport.VSOCK.listen(16)) {
            var address = Transport.VSOCK.connectAddress(listener);
            List<String> before = ProcessResources.socketLikeFds();
            for (int i = 0; i < cycles; i++) {
                SocketChannel client = Transport.VSOCK.open();
                client.connect(address);
                listener.accept().close();
                client.close();
            }
            List<String> leaked = ProcessResources.leakedSince(before);
            assertTrue(leaked.isEmpty(), "descriptors left open: " + leaked);
            Figures.report("hygiene-vsock", "connect/accept/close cycles, fds before / after",
                    cycles + ", " + before.size() + " / " + ProcessResources.socketLikeFds().size());
        }
    }
}
