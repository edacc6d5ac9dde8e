package dev.hvsock.internal.platform.windows;

import dev.hvsock.windows.model.WinsockModel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.AccessDeniedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Host Compute Service through vmcompute.dll, the path a Windows without computecore.dll (before 10 1809)
 * takes: over the Winsock model, whose computecore the platform prefers, the path is called directly. Its strings
 * are freed with CoTaskMemFree (microsoft/hcsshim), which the model counts.
 */
@EnabledIf(value = "dev.hvsock.testing.PlatformUnderTest#overWinsockModel",
        disabledReason = "the documents are recorded in the Winsock model, which runs on Linux only")
class VmComputeOverModelTest {
    private static Object vmCompute() throws Throwable {
        Method method = HostComputeService.class.getDeclaredMethod("vmCompute");
        method.setAccessible(true);
        try {
            return method.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @AfterEach
    void everyStringWasFreedWithCoTaskMemFree() {
        WinsockModel.hcsDocument(null, 0);
        assertEquals(0, WinsockModel.query("cotask_outstanding"), "vmcompute strings not freed with CoTaskMemFree");
        assertEquals(0, WinsockModel.query("mismatched_frees"), "a block freed with the wrong allocator");
    }

    @Test
    void theListComesBackAsTheDocument() throws Throwable {
        WinsockModel.hcsDocument(HcsSamples.VMMS_VM, 0);
        assertEquals(1, ComputeSystemDocuments.computeSystems((String) vmCompute()).size());
    }

    @Test
    void aFailureComesBackWithItsErrorDocument() {
        WinsockModel.hcsDocument(HcsSamples.VMMS_VM, HcsErrors.HCS_E_ACCESS_DENIED);
        Throwable failure = assertThrows(Throwable.class, VmComputeOverModelTest::vmCompute);
        assertInstanceOf(AccessDeniedException.class, failure, failure::toString);
    }
}
