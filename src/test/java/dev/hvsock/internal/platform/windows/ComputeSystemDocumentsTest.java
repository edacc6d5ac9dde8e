package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvComputeSystem;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Host Compute Service's documents ({@link HcsSamples}, shaped as its schema documents them), read. */
class ComputeSystemDocumentsTest {
    @Test
    void aHyperVManagerVm() throws IOException {
        HvComputeSystem vm = ComputeSystemDocuments.computeSystems(HcsSamples.VMMS_VM).getFirst();
        UUID id = UUID.fromString("5b0f1e52-8c1d-4e9a-9f3b-2a6c7d8e9f01");
        assertEquals(new HvComputeSystem("5B0F1E52-8C1D-4E9A-9F3B-2A6C7D8E9F01", id, "BuildServer", "VMMS",
                HvComputeSystem.VIRTUAL_MACHINE, null), vm);
        assertTrue(vm.isVirtualMachine());
        assertFalse(vm.isWsl());
        assertEquals(Optional.of(id), vm.vmId());
    }

    @Test
    void theWslVmHasNoNameAndASystemThatNeverRanNoState() throws IOException {
        List<HvComputeSystem> systems = ComputeSystemDocuments.computeSystems(HcsSamples.WSL_AND_NEVER_STARTED);
        assertEquals(2, systems.size());
        HvComputeSystem wsl = systems.get(0);
        assertTrue(wsl.isWsl());
        assertNull(wsl.name());
        assertEquals("Running", wsl.state());
        HvComputeSystem other = systems.get(1);
        assertFalse(other.isWsl());
        assertNull(other.state());
        // its Id is no GUID: the VM id is the RuntimeId
        assertEquals(Optional.of(UUID.fromString("e1d2c3b4-a596-5877-8899-aabbccddeeff")), other.vmId());
    }

    @Test
    void aBusyHostInOrderWithEveryKindAndTheMembersNotReadLeftAlone() throws IOException {
        List<HvComputeSystem> systems = ComputeSystemDocuments.computeSystems(HcsSamples.BUSY_HOST);
        assertEquals(List.of("WSL", "VMMS", "VMMS", "VMMS", "docker", "containerd-shim-runhcs-v1.exe"),
                systems.stream().map(HvComputeSystem::owner).toList());
        assertEquals(List.of("Running", "Running", "Paused", "Running", "Running", "Running"),
                systems.stream().map(HvComputeSystem::state).toList());
        HvComputeSystem container = systems.get(4);
        assertEquals(HvComputeSystem.CONTAINER, container.type());
        assertFalse(container.isVirtualMachine());
        assertEquals(Optional.empty(), container.vmId(), "no RuntimeId, and a docker id is no GUID");
        assertEquals("a1b2c3d4e5f6@vm", systems.get(5).id());
        assertEquals(Optional.of(UUID.fromString("3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b")), systems.get(5).vmId());
        assertThrows(UnsupportedOperationException.class, () -> systems.add(container));
    }

    @Test
    void nothingRunningIsAnEmptyListAndSoIsAnEmptyDocument() throws IOException {
        assertEquals(List.of(), ComputeSystemDocuments.computeSystems(HcsSamples.NOTHING));
        assertEquals(List.of(), ComputeSystemDocuments.computeSystems(" [ ] "));
        assertEquals(List.of(), ComputeSystemDocuments.computeSystems(""));
        assertEquals(List.of(), ComputeSystemDocuments.computeSystems(null));
    }

    @Test
    void anIdThatIsAGuidIsTheVmIdWhenThereIsNoRuntimeId() throws IOException {
        HvComputeSystem vm = ComputeSystemDocuments.computeSystems(
                "[{\"Id\":\"{5B0F1E52-8C1D-4E9A-9F3B-2A6C7D8E9F01}\",\"Name\":null}]").getFirst();
        assertEquals(Optional.of(UUID.fromString("5b0f1e52-8c1d-4e9a-9f3b-2a6c7d8e9f01")), vm.vmId());
        assertNull(vm.name(), "JSON null is absent");
    }

    @Test
    void aContainerWhoseRuntimeIdIsTheZeroGuidHasNoVmIdNotTheWildcard() throws IOException {
        // microsoft/hcsshim container.go: a Container queried shows "RuntimeId":"00000000-0000-0000-0000-000000000000"
        List<HvComputeSystem> systems = ComputeSystemDocuments.computeSystems("[{\"Id\":\"1126e8d7_svm\","
                + "\"SystemType\":\"Container\",\"RuntimeId\":\"00000000-0000-0000-0000-000000000000\"},"
                + "{\"Id\":\"00000000-0000-0000-0000-000000000000\",\"SystemType\":\"Container\"}]");
        assertEquals(Optional.empty(), systems.get(0).vmId(), "was the wildcard VM id before");
        assertEquals(Optional.empty(), systems.get(1).vmId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "\"[]\"", "[1]", "[[]]", "[{}]", "[{\"Name\":\"x\"}]", "[{\"Id\":7}]",
        "[{\"Id\":\"x\",\"Name\":[]}]", "[{\"Id\":\"x\",\"State\":true}]", "[{\"Id\":\"x\",\"RuntimeId\":\"nope\"}]",
        "[{\"Id\":\"x\"},]", "[{\"Id\":\"x\",\"Id\":\"y\"}]", "<html>"})
    void anythingElseIsReportedWithTheDocument(String document) {
        IOException e = assertThrows(IOException.class, () -> ComputeSystemDocuments.computeSystems(document));
        assertTrue(e.getMessage().startsWith("the Host Compute Service answered something unexpected: ")
                && e.getMessage().endsWith("its document: " + document), e.getMessage());
    }

    @Test
    void aResultErrorSaysItsMessageAndItsCodeWhereThatDiffers() {
        // -2143878910 is 0x80370102, HCS_E_HYPERV_NOT_INSTALLED
        assertEquals("The virtual machine could not be started because a required feature is not installed.",
                ComputeSystemDocuments.errorMessage(HcsSamples.RESULT_ERROR, HcsErrors.HCS_E_HYPERV_NOT_INSTALLED));
        assertEquals("The virtual machine could not be started because a required feature is not installed. "
                + "(0x80370102)",
                ComputeSystemDocuments.errorMessage(HcsSamples.RESULT_ERROR, HcsErrors.E_ACCESSDENIED));
        assertEquals("0x80070005", ComputeSystemDocuments.errorMessage("{\"Error\":-2147024891,\"ErrorMessage\":\"\"}",
                HcsErrors.HCS_E_ACCESS_DENIED));
        assertNull(ComputeSystemDocuments.errorMessage("{\"Error\":-2147024891}", HcsErrors.E_ACCESSDENIED));
        for (String nothing : new String[]{null, "", "not json", "[]", "{\"ErrorMessage\":7}"}) {
            assertNull(ComputeSystemDocuments.errorMessage(nothing, 0), nothing);
        }
    }

    @Test
    void hresultsBecomeTheDocumentedExceptions() {
        IOException denied = HcsErrors.failure("HcsEnumerateComputeSystems", HcsErrors.HCS_E_ACCESS_DENIED, null);
        assertInstanceOf(AccessDeniedException.class, denied);
        assertTrue(denied.getMessage().contains("HCS_E_ACCESS_DENIED (0x8037011B)")
                && denied.getMessage().contains("Hyper-V Administrators"), denied.getMessage());
        assertInstanceOf(AccessDeniedException.class, HcsErrors.failure("x", HcsErrors.E_ACCESSDENIED, null));
        for (int unavailable : new int[]{HcsErrors.HCS_E_SERVICE_NOT_AVAILABLE, HcsErrors.HCS_E_HYPERV_NOT_INSTALLED}) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> HcsErrors.failure("HcsEnumerateComputeSystems", unavailable, HcsSamples.RESULT_ERROR));
            assertTrue(e.getMessage().contains("not available") && e.getMessage().contains("required feature"),
                    e.getMessage());
        }
        IOException other = HcsErrors.failure("HcsEnumerateComputeSystems", 0x80070424, null);
        assertEquals(IOException.class, other.getClass());
        assertEquals("HcsEnumerateComputeSystems failed with Win32 error 1060 (0x80070424)", other.getMessage());
        assertEquals("HcsEnumerateComputeSystems failed with HCS_E_SERVICE_DISCONNECT (0x8037011E): gone",
                HcsErrors.failure("HcsEnumerateComputeSystems", HcsErrors.HCS_E_SERVICE_DISCONNECT,
                        "{\"ErrorMessage\":\"gone\"}").getMessage());
        assertEquals("0x12345678", HcsErrors.describe(0x12345678));
        assertTrue(HcsErrors.failed(HcsErrors.HCS_E_OPERATION_TIMEOUT));
        assertFalse(HcsErrors.failed(0));
    }
}
