package dev.hvsock.tool;

import dev.hvsock.HvServiceRegistry;
import dev.hvsock.testing.HyperVCapability;
import dev.hvsock.testing.HyperVTest;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hvsock vms} and {@code hvsock address} resolving names, on an elevated Windows Hyper-V host (the
 * hosted runners run no VM: the list may be empty, but must come back). Elsewhere {@code vms} exits with 6
 * ({@link CliUsageTest}).
 */
@HyperVTest(HyperVCapability.COMPUTE_SYSTEMS)
@Timeout(300)
class VmsCommandTest {
    @Test
    void onAnElevatedHyperVHostTheListComesBackEvenIfEmpty() {
        HvsockCli.Result result = HvsockCli.run("vms");
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.stdout().lines().toList();
        if (lines.getFirst().equals("(no running VMs or containers)")) {
            return;
        }
        assertEquals(List.of("VM", "ID", "NAME", "TYPE", "OWNER", "STATE"), List.of(lines.getFirst().split(" +")));
        int name = lines.getFirst().indexOf("NAME");
        for (String row : lines.subList(1, lines.size())) {
            // every row has its name where the header has NAME
            assertTrue(row.charAt(name - 1) == ' ' && row.charAt(name) != ' ', result::toString);
        }
    }

    @Test
    @HyperVTest({HyperVCapability.COMPUTE_SYSTEMS, HyperVCapability.SERVICE_REGISTRY})
    void addressShowsWhatAServiceNameResolvedTo() throws IOException {
        String name = "hvsock-nio-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        UUID id = HvServiceRegistry.register(name);
        try {
            HvsockCli.Result result = HvsockCli.run("address", "loopback:" + name);
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.stdout().contains("resolved:      " + name + " -> " + id), result::toString);
            HvsockCli.Result noVm = HvsockCli.run("address", "hvsock-nio-no-such-vm:5000");
            CliUsageTest.assertOneLineError(noVm, 3, "no running VM or container is named");
        } finally {
            HvServiceRegistry.unregister(id);
        }
    }
}
