package dev.hvsock.windows;

import dev.hvsock.HvAddressResolver;
import dev.hvsock.HvComputeSystem;
import dev.hvsock.HvComputeSystems;
import dev.hvsock.HvServiceRegistry;
import dev.hvsock.HvSocketAddress;
import dev.hvsock.testing.HyperVCapability;
import dev.hvsock.testing.HyperVTest;

import java.io.IOException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Host Compute Service of a real Windows host, elevated: gated on the HCS itself answering, not on the
 * service registry, whose key a host without Hyper-V may have. The hosted runners run no VM: the list may be
 * empty there, but it must come back, and resolution must work over it all the same. Where VMs run, each
 * one found by a name no other has resolves to its VM id.
 */
@HyperVTest(HyperVCapability.COMPUTE_SYSTEMS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ComputeSystemsOnWindowsTest {
    @Test
    void anElevatedProcessGetsTheListEvenWhenNothingRuns() throws IOException {
        List<HvComputeSystem> systems = HvComputeSystems.list();
        for (HvComputeSystem s : systems) {
            assertNotNull(s.id());
            if (s.isWsl()) {
                assertTrue(s.vmId().isPresent(), "WSL listens on its VM's runtime id: " + s);
            }
        }
        System.out.println("compute systems here: " + systems);
    }

    @Test
    void namesResolveToTheVmIdsTheListGives() throws IOException {
        List<HvComputeSystem> systems = HvComputeSystems.list();
        for (HvComputeSystem s : systems) {
            if (s.name() == null || s.vmId().isEmpty()) {
                continue;
            }
            String lower = s.name().toLowerCase(Locale.ROOT);
            long sameName = systems.stream().filter(o -> o.name() != null
                    && o.name().toLowerCase(Locale.ROOT).equals(lower)).count();
            if (sameName == 1) {
                assertEquals(s.vmId().get(), HvAddressResolver.resolveVm(s.name()), s.toString());
                assertEquals(HvSocketAddress.ofVsockPort(s.vmId().get(), 5000),
                        HvAddressResolver.resolve(s.name().toUpperCase(Locale.ROOT) + ":5000"), s.toString());
            }
        }
        List<HvComputeSystem> wsl = systems.stream().filter(HvComputeSystem::isWsl).toList();
        if (wsl.isEmpty()) {
            assertThrows(UnknownHostException.class, () -> HvAddressResolver.resolveVm("wsl"));
        } else if (wsl.size() == 1) {
            assertEquals(wsl.getFirst().vmId().orElseThrow(), HvAddressResolver.resolveVm("wsl"));
        }
        String nobody = "hvsock-nio-no-such-vm-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        assertThrows(UnknownHostException.class, () -> HvAddressResolver.resolve(nobody + ":5000"));
    }

    @Test
    @HyperVTest({HyperVCapability.COMPUTE_SYSTEMS, HyperVCapability.SERVICE_REGISTRY})
    void aRegisteredServiceResolvesByItsName() throws IOException {
        String name = "hvsock-nio-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        UUID id = HvServiceRegistry.register(name);
        try {
            assertEquals(HvSocketAddress.of(HvSocketAddress.LOOPBACK, id),
                    HvAddressResolver.resolve("loopback:" + name));
            assertEquals(id, HvAddressResolver.resolveService(id.toString()));
        } finally {
            HvServiceRegistry.unregister(id);
        }
    }
}
