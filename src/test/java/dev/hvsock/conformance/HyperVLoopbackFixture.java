package dev.hvsock.conformance;

import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvSelectorProvider;
import dev.hvsock.HvServiceRegistry;
import dev.hvsock.HvSocketAddress;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AF_HYPERV through the loopback partition ({@code HV_GUID_LOOPBACK}), on Windows. Every listener binds the
 * wildcard VM id and a service id of its own, registered under {@code GuestCommunicationServices} as
 * {@code hvsock-nio-conformance-RUN-N} when the address is handed out; clients connect to that service id on
 * the loopback partition. {@link #unregisterAll()} removes the registrations after the suite (and a shutdown
 * hook does, should the JVM end first).
 *
 * <p>It needs {@code AF_HYPERV} and an elevated process (to register services): the family's {@code
 * @HyperVTest} says so, and skips it (or fails it) where they are missing.
 */
final class HyperVLoopbackFixture implements ChannelFixture {
    private static final String NAME_PREFIX = "hvsock-nio-conformance-";

    private final SelectorProvider provider = HvSelectorProvider.provider();
    private final String run = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final AtomicInteger counter = new AtomicInteger();
    private final Set<UUID> registered = ConcurrentHashMap.newKeySet();
    private Thread cleanupHook;

    @Override
    public SelectorProvider provider() {
        return provider;
    }

    @Override
    public ProtocolFamily family() {
        return HvProtocolFamily.HYPERV;
    }

    @Override
    public Class<? extends SocketAddress> addressType() {
        return HvSocketAddress.class;
    }

    /** The wildcard VM id and a freshly registered service id. */
    @Override
    public SocketAddress newServerAddress() throws IOException {
        UUID serviceId = HvServiceRegistry.register(NAME_PREFIX + run + "-" + counter.incrementAndGet());
        registered.add(serviceId);
        installCleanupHook();
        return HvSocketAddress.of(HvSocketAddress.WILDCARD, serviceId);
    }

    @Override
    public SocketAddress connectAddressFor(SocketAddress boundLocal) {
        return HvSocketAddress.of(HvSocketAddress.LOOPBACK, ((HvSocketAddress) boundLocal).serviceId());
    }

    /** A service id nobody registered, let alone listens on. */
    @Override
    public SocketAddress missingAddress() {
        return HvSocketAddress.of(HvSocketAddress.LOOPBACK, UUID.randomUUID());
    }

    private synchronized void installCleanupHook() {
        if (cleanupHook == null) {
            cleanupHook = new Thread(() -> {
                try {
                    unregisterAll();
                } catch (IOException ignored) {
                    // the JVM is ending; the services' names say where they came from
                }
            }, "hvsock-conformance-unregister");
            Runtime.getRuntime().addShutdownHook(cleanupHook);
        }
    }

    /** Removes every service this fixture registered; the first failure is thrown after trying them all. */
    void unregisterAll() throws IOException {
        IOException first = null;
        for (UUID serviceId : registered) {
            try {
                HvServiceRegistry.unregister(serviceId);
                registered.remove(serviceId);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String lacks(Feature feature) {
        return switch (feature) {
            // as far as is known (unverified): Hyper-V sockets refuse a connect that finds the backlog full
            case FULL_BACKLOG_FAILS_A_NONBLOCKING_CONNECT, FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT,
                 FULL_BACKLOG_HOLDS_A_BLOCKING_CONNECT_ON_VIRTUAL_THREADS -> "Hyper-V sockets refuse a connect "
                    + "that finds the backlog full once it has started, so a backlog can neither be filled by "
                    + "refused connects nor hold a blocking one";
            default -> null;
        };
    }

    @Override
    public BlockingFrames blockingFrames() {
        return BlockingFrames.HVSOCK;
    }

    @Override
    public double dataScale() {
        return 1.0;
    }
}
