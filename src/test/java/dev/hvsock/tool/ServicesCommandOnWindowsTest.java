package dev.hvsock.tool;

import dev.hvsock.internal.platform.windows.HcsSamples;
import dev.hvsock.testing.HyperVCapability;
import dev.hvsock.testing.HyperVTest;
import dev.hvsock.testing.PlatformUnderTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code hvsock services} adding, listing and removing a service in the registry, and {@code hvsock vms} listing
 * what the Host Compute Service reports, on an elevated Windows Hyper-V host or over the Winsock model (whose
 * registry and recorded documents the command, a process of its own, reads from the model's state directory).
 */
@HyperVTest(HyperVCapability.SERVICE_REGISTRY)
@Timeout(300)
class ServicesCommandOnWindowsTest {
    @Test
    void aServiceAddedIsListedAndRemoved() {
        String name = "hvsock-nio-cli-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        HvsockCli.Result added = HvsockCli.run("services", "add", name, "--port", "5123");
        assertEquals(0, added.exitCode(), added::toString);
        assertTrue(added.stdout().contains("00001403-facb-11e6-bd58-64006a7986d3"), added::toString);
        HvsockCli.Result list = HvsockCli.run("services", "list");
        assertTrue(list.stdout().contains(name), list::toString);
        HvsockCli.Result removed = HvsockCli.run("services", "remove", "00001403-facb-11e6-bd58-64006a7986d3");
        assertEquals(0, removed.exitCode(), removed::toString);
        assertFalse(HvsockCli.run("services", "list").stdout().contains(name));
    }

    @Test
    void vmsListsWhatTheHostComputeServiceReports() throws IOException {
        assumeTrue(PlatformUnderTest.overWinsockModel(), "the systems are recorded in the Winsock model");
        Path document = Path.of(System.getenv("HVMODEL_STATE_DIR"), "hcs.json");
        Files.createDirectories(document.getParent());
        Files.writeString(document, HcsSamples.BUSY_HOST);
        try {
            HvsockCli.Result vms = HvsockCli.run("vms");
            assertEquals(0, vms.exitCode(), vms::toString);
            assertTrue(vms.stdout().contains("BuildServer") && vms.stdout().contains("(wsl)"), vms::toString);
            HvsockCli.Result address = HvsockCli.run("address", "buildserver:5000");
            assertTrue(address.stdout().contains("buildserver -> 5b0f1e52-8c1d-4e9a-9f3b-2a6c7d8e9f01"),
                    address::toString);
        } finally {
            Files.delete(document);
        }
    }
}
