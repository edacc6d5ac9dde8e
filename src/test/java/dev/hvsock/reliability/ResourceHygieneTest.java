package dev.hvsock.reliability;

import dev.hvsock.testing.LinuxHostFeature;
import dev.hvsock.testing.LinuxHostTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many short lives leave nothing behind: after 100,000 open/connect/close cycles (a tenth of them
 * failed connects, a tenth never connected) and 10,000 register/cancel cycles, the process has the
 * same open descriptors ({@code /proc/self/fd}) as before, and the native memory the channels took
 * from implicit arenas is all given back once the channels are garbage (measured on the "direct"
 * buffer pool, where the JDK reserves every {@code Arena.ofAuto()} allocation).
 */
@LinuxHostTest(LinuxHostFeature.PROC_SELF_FD)
@Timeout(600)
class ResourceHygieneTest {
    /** Slack for the JVM's own direct allocations between the two measurements. */
    private static final long NATIVE_TOLERANCE = 256 * 1024;

    @Test
    void openConnectCloseCyclesReturnDescriptorsAndNativeMemory() throws Exception {
        int cycles = Figures.intProperty("hvsock.hygiene.cycles", 100_000);
        Path missing = Files.createTempDirectory("hvsock-hygiene").resolve("nobody-listens.sock");
        try (ServerSocketChannel listener = Transport.UNIX.listen(128)) {
            var address = listener.getLocalAddress();
            ProcessResources.startProcessWideState();
            runCycles(listener, address, missing, 2_000);          // warm-up: classes, JIT, caches
            Baseline before = Baseline.take();
            long start = System.nanoTime();
            int[] kinds = runCycles(listener, address, missing, cycles);
            long nanos = System.nanoTime() - start;
            Baseline after = before.check("open/connect/close cycles");
            String test = "hygiene-connect-cycles";
            Figures.report(test, "cycles (connected / failed connect / never connected)",
                    cycles + " (" + kinds[2] + " / " + kinds[0] + " / " + kinds[1] + ")");
            Figures.report(test, "duration", String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9));
            before.report(test, after);
        } finally {
            Files.deleteIfExists(missing.getParent());
        }
    }

    private static int[] runCycles(ServerSocketChannel listener, java.net.SocketAddress address, Path missing,
                                   int cycles) throws IOException {
        int[] kinds = new int[3];
        UnixDomainSocketAddress nowhere = UnixDomainSocketAddress.of(missing);
        ByteBuffer one = ByteBuffer.allocate(1);
        for (int i = 0; i < cycles; i++) {
            switch (i % 10) {
                case 0 -> {
                    // a failed connect closes the channel (as the JDK's does): nothing for the caller to release
                    SocketChannel ch = Transport.UNIX.open();
                    assertThrows(ConnectException.class, () -> ch.connect(nowhere));
                    assertFalse(ch.isOpen(), "a failed connect closes the channel");
                    kinds[0]++;
                }
                case 1 -> {
                    Transport.UNIX.open().close();
                    kinds[1]++;
                }
                default -> {
                    SocketChannel client = Transport.UNIX.open();
                    client.connect(address);
                    SocketChannel server = listener.accept();
                    if (i % 100 == 2) {
                        client.write(one.clear());
                        one.clear();
                        assertEquals(1, server.read(one));
                    }
                    client.close();
                    server.close();
                    kinds[2]++;
                }
            }
        }
        return kinds;
    }

    @Test
    void registerCancelCyclesReturnDescriptorsAndNativeMemory() throws Exception {
        int cycles = Figures.intProperty("hvsock.hygiene.registerCycles", 10_000);
        try (Selector selector = Transport.UNIX.provider().openSelector(); Pair kept = Pair.open(Transport.UNIX);
             ServerSocketChannel listener = Transport.UNIX.listen(16)) {
            ProcessResources.startProcessWideState();
            kept.client().configureBlocking(false);
            registerCycles(selector, kept, listener, 500);
            Baseline before = Baseline.take();
            registerCycles(selector, kept, listener, cycles);
            assertEquals(0, selector.keys().size(), "every key deregistered");
            Baseline after = before.check("register/cancel cycles");
            String test = "hygiene-register-cycles";
            Figures.report(test, "register/cancel cycles + register/close-while-registered cycles",
                    cycles + " + " + cycles);
            before.report(test, after);
            // the selector still works
            kept.client().register(selector, SelectionKey.OP_READ);
            kept.server().write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(1, selector.select());
        }
    }

    private static void registerCycles(Selector selector, Pair kept, ServerSocketChannel listener, int cycles)
            throws IOException {
        for (int i = 0; i < cycles; i++) {
            SelectionKey key = kept.client().register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            selector.selectNow();
            selector.selectedKeys().clear();
            key.cancel();
            selector.selectNow();
            assertFalse(kept.client().isRegistered());

            // a channel closed while registered: its handle is closed by the selector's next select
            SocketChannel client = Transport.UNIX.open();
            client.connect(listener.getLocalAddress());
            SocketChannel server = listener.accept();
            client.configureBlocking(false);
            client.register(selector, SelectionKey.OP_READ);
            selector.selectNow();
            client.close();
            selector.selectNow();
            server.close();
        }
    }

    /** Descriptors and native memory at one moment, and the check that a later moment is back there. */
    private record Baseline(List<String> socketFds, int allFds, long nativeBytes, long nativeCount, long rssKiB) {
        static Baseline take() throws InterruptedException {
            long settled = ProcessResources.settleDirectMemory();
            return new Baseline(ProcessResources.socketLikeFds(), ProcessResources.fdCount(), settled,
                    ProcessResources.directAllocations(), ProcessResources.rssKiB());
        }

        Baseline check(String what) throws InterruptedException {
            // before any collection: shows that the pool does see the channels' native memory
            liveBeforeGc = ProcessResources.directAllocations();
            List<String> leaked = ProcessResources.leakedSince(socketFds);
            assertTrue(leaked.isEmpty(), what + " leaked descriptors: " + leaked.size() + ", e.g. "
                    + leaked.subList(0, Math.min(10, leaked.size())));
            long nativeNow = ProcessResources.awaitDirectMemoryAtMost(nativeBytes + NATIVE_TOLERANCE);
            assertTrue(nativeNow <= nativeBytes + NATIVE_TOLERANCE, what + " kept native memory: "
                    + nativeBytes + " bytes before, " + nativeNow + " after (in " + ProcessResources.directAllocations()
                    + " allocations, " + nativeCount + " before)");
            nativeNow = ProcessResources.settleDirectMemory();
            return new Baseline(ProcessResources.socketLikeFds(), ProcessResources.fdCount(), nativeNow,
                    ProcessResources.directAllocations(), ProcessResources.rssKiB());
        }

        static long liveBeforeGc;

        void report(String test, Baseline after) {
            Figures.report(test, "implicit-arena + direct allocations live at the end of the cycles, before GC",
                    liveBeforeGc);
            Figures.report(test, "socket-like fds before / after", socketFds.size() + " / " + after.socketFds.size());
            Figures.report(test, "all fds before / after", allFds + " / " + after.allFds);
            Figures.report(test, "implicit-arena + direct memory before / after (bytes, allocations)",
                    nativeBytes + " B in " + nativeCount + " / " + after.nativeBytes + " B in " + after.nativeCount);
            Figures.report(test, "VmRSS before / after (reported only)", rssKiB + " KiB / " + after.rssKiB + " KiB");
        }
    }
}
