package dev.hvsock.windows.model;

import dev.hvsock.HvAddressResolver;
import dev.hvsock.HvComputeSystem;
import dev.hvsock.HvComputeSystems;
import dev.hvsock.HvProtocolFamily;
import dev.hvsock.HvServiceRegistry;
import dev.hvsock.HvSocketOptions;
import dev.hvsock.internal.platform.windows.HcsSamples;
import dev.hvsock.internal.platform.windows.WindowsPlatform;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.net.SocketOption;
import java.nio.file.AccessDeniedException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Windows platform's host services over the Winsock model: the Host Compute Service's documents (recorded
 * in the model) and who frees them, the registry without elevation, and the Hyper-V options of Windows before
 * build 22621.
 */
@EnabledIf(value = "dev.hvsock.testing.PlatformUnderTest#overWinsockModel",
        disabledReason = "documents and switches are set in the Winsock model, which runs on Linux only")
class HostServicesOverModelTest {
    /** E_ACCESSDENIED, what the HCS answers a process without the rights (HcsErrors). */
    private static final int E_ACCESSDENIED = 0x80070005;

    @AfterEach
    void noLeaks() {
        WinsockModel.hcsDocument(null, 0);
        WinsockModel.control("elevated", 1);
        // HcsWaitForOperationResult: "The caller is responsible for releasing the returned string using
        // LocalFree" (Microsoft Learn); every operation is closed
        assertEquals(0, WinsockModel.query("local_outstanding"), "result documents not freed with LocalFree");
        assertEquals(0, WinsockModel.query("cotask_outstanding"), "strings not freed with CoTaskMemFree");
        assertEquals(0, WinsockModel.query("mismatched_frees"), "a block freed with the wrong allocator");
        assertEquals(0, WinsockModel.hcsOpenOperations(), "HCS operations not closed");
    }

    @Test
    void theComputeSystemsAreTheHcsDocumentsAndNamesResolveToTheirVmIds() throws Exception {
        WinsockModel.hcsDocument(HcsSamples.BUSY_HOST, 0);
        List<HvComputeSystem> systems = HvComputeSystems.list();
        assertEquals(6, systems.size(), systems::toString);
        assertEquals(UUID.fromString("5b0f1e52-8c1d-4e9a-9f3b-2a6c7d8e9f01"),
                HvAddressResolver.resolveVm("buildserver"));
        assertEquals(UUID.fromString("c4a7e2d1-3b5f-4e6a-8d9c-0f1e2d3c4b5a"), HvAddressResolver.resolveVm("WSL"));
    }

    @Test
    void aProcessWithoutTheRightsIsToldSoAndTheErrorDocumentIsFreed() {
        WinsockModel.hcsDocument(HcsSamples.BUSY_HOST, E_ACCESSDENIED);
        assertThrows(AccessDeniedException.class, HvComputeSystems::list);
    }

    @Test
    void registeringWithoutElevationIsRefusedAndListingStillWorks() throws Exception {
        WinsockModel.control("elevated", 0);
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> HvServiceRegistry.register("hvsock-nio-not-elevated"));
        assertTrue(e.getMessage().contains("elevated"), e.toString());
        HvServiceRegistry.list();
    }

    /** The Hyper-V options a platform assembled now advertises: its option probe runs once per platform. */
    private static Set<SocketOption<?>> hyperVOptionsOfANewPlatform() {
        return new WindowsPlatform().assemble().sockets().supportedOptions(HvProtocolFamily.HYPERV, false);
    }

    @Test
    void theVersionDependentOptionsFollowTheBuild() {
        // the build is read once per process (WindowsBuild), so it is set per surefire execution through
        // HVMODEL_WINDOWS_BUILD: 22621 by default, 20348 (windows-2022, GitHub's runner) in a second execution.
        // Ookii.VmSockets' HvSocket.cs and HvSocketTest.cs: CONNECTED_SUSPEND from 1709 (16299), PASSTHRU from
        // 1709 to before 22H2 (22621), HIGH_VTL from 22621
        long build = WinsockModel.query("windows_build");
        Set<SocketOption<?>> options = hyperVOptionsOfANewPlatform();
        assertEquals(build >= 16299, options.contains(HvSocketOptions.CONNECTED_SUSPEND), build + ": " + options);
        assertEquals(build >= 16299 && build < 22621, options.contains(HvSocketOptions.CONTAINER_PASSTHRU),
                build + ": " + options);
        assertEquals(build >= 22621, options.contains(HvSocketOptions.HIGH_VTL), build + ": " + options);
    }
}
