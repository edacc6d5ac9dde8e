package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvSocketAddress;
import dev.hvsock.HvSocketOptions;
import dev.hvsock.internal.platform.Events;
import dev.hvsock.internal.platform.OsErrors;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.util.concurrent.Callable;

/**
 * Runs every piece of the Windows platform that is meant to work on any OS, once. {@link
 * WindowsClassIsolationTest} loads it in a class loader of its own and then looks at which classes that
 * loader had to load.
 */
public final class NeutralWindowsCode implements Callable<String> {
    @Override
    public String call() throws Exception {
        StringBuilder seen = new StringBuilder();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(WindowsSocketAddresses.MAX_SIZE);
            HvSocketAddress address = HvSocketAddress.parse("loopback:5000");
            int length = WindowsSocketAddresses.encodeHyperV(sa, address);
            seen.append(WindowsSocketAddresses.decode(sa, length)).append(' ');
            MemorySegment polls = arena.allocate(2 * WsaPollEvents.ENTRY_SIZE);
            WsaPollEvents.setEntry(polls, 0, 42, Events.IN);
            seen.append(WsaPollEvents.fromWsa(WsaPollEvents.reventsOf(polls, 0))).append(' ');
            PendingConnects connects = new PendingConnects(handle -> 0, handle -> 0);
            connects.started(42);
            seen.append(connects.markFailed(polls, 0, 1)).append(connects.finish(42)).append(' ');
        }
        seen.append(WsaErrors.exception(OsErrors.Operation.CONNECT, (SocketAddress) null, WsaErrors.WSAECONNRESET)
                .getMessage()).append(' ');
        seen.append(WindowsSocketOptions.toNative(HvSocketOptions.CONNECT_TIMEOUT, 1000)).append(' ');
        seen.append(WindowsSocketOptions.defaultConnectTimeoutMillis(null)).append(' ');
        GuestServiceRegistry registry = new GuestServiceRegistry(new MapRegistryKeys().put(GuestServiceRegistry.PATH));
        seen.append(registry.register(HvSocketAddress.VSOCK_TEMPLATE, "x")).append(registry.list().size()).append(' ');
        seen.append(WakeupPairSetup.candidates(WakeupPairSetup.directory(null, null, "C:\\Temp"),
                WindowsSocketAddresses.UNIX_PATHS, new java.util.SplittableRandom(1)).size()).append(' ');
        seen.append(new HyperVOptionProbe(() -> {
            throw new UnsupportedOperationException("no Hyper-V here");
        }, () -> 22621).accepted().size()).append(' ');
        for (Downcall d : Downcall.values()) {
            seen.append(d.callSiteType().parameterCount());
        }
        seen.append(' ').append(ComputeSystemDocuments.computeSystems("[{\"Id\":\"x\",\"Owner\":\"WSL\"}]"));
        seen.append(' ').append(HcsErrors.failure("list", HcsErrors.HCS_E_INVALID_JSON, "{\"ErrorMessage\":\"m\"}")
                .getMessage());
        return seen.toString();
    }
}
