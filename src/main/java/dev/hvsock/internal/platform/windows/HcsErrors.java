package dev.hvsock.internal.platform.windows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.Map;

/**
 * The HRESULTs of the Host Compute Service and the exceptions they become. The values and their meanings are
 * Microsoft's list (https://learn.microsoft.com/en-us/virtualization/api/hcs/reference/hcshresult); MinGW's
 * {@code winerror.h} has none of them. Needs no Windows library.
 */
final class HcsErrors {
    static final int E_ACCESSDENIED = 0x80070005;
    static final int HCS_E_HYPERV_NOT_INSTALLED = 0x80370102;
    static final int HCS_E_INVALID_JSON = 0x8037010D;
    static final int HCS_E_SYSTEM_NOT_FOUND = 0x8037010E;
    static final int HCS_E_SERVICE_NOT_AVAILABLE = 0x80370114;
    static final int HCS_E_OPERATION_NOT_STARTED = 0x80370115;
    static final int HCS_E_OPERATION_PENDING = 0x80370117;
    static final int HCS_E_OPERATION_TIMEOUT = 0x80370118;
    static final int HCS_E_OPERATION_RESULT_ALLOCATION_FAILED = 0x8037011A;
    static final int HCS_E_ACCESS_DENIED = 0x8037011B;
    static final int HCS_E_SERVICE_DISCONNECT = 0x8037011E;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(E_ACCESSDENIED, "E_ACCESSDENIED"),
            Map.entry(HCS_E_HYPERV_NOT_INSTALLED, "HCS_E_HYPERV_NOT_INSTALLED"),
            Map.entry(HCS_E_INVALID_JSON, "HCS_E_INVALID_JSON"),
            Map.entry(HCS_E_SYSTEM_NOT_FOUND, "HCS_E_SYSTEM_NOT_FOUND"),
            Map.entry(HCS_E_SERVICE_NOT_AVAILABLE, "HCS_E_SERVICE_NOT_AVAILABLE"),
            Map.entry(HCS_E_OPERATION_NOT_STARTED, "HCS_E_OPERATION_NOT_STARTED"),
            Map.entry(HCS_E_OPERATION_PENDING, "HCS_E_OPERATION_PENDING"),
            Map.entry(HCS_E_OPERATION_TIMEOUT, "HCS_E_OPERATION_TIMEOUT"),
            Map.entry(HCS_E_OPERATION_RESULT_ALLOCATION_FAILED, "HCS_E_OPERATION_RESULT_ALLOCATION_FAILED"),
            Map.entry(HCS_E_ACCESS_DENIED, "HCS_E_ACCESS_DENIED"),
            Map.entry(HCS_E_SERVICE_DISCONNECT, "HCS_E_SERVICE_DISCONNECT"));

    /** HRESULT_FROM_WIN32: severity 1, facility 7 (FACILITY_WIN32), the Win32 error in the low 16 bits. */
    private static final int FACILITY_WIN32_MASK = 0xFFFF0000;
    private static final int FACILITY_WIN32 = 0x80070000;

    private HcsErrors() {
    }

    /** Whether {@code hresult} reports a failure: its severity bit, i.e. negative (FAILED()). */
    static boolean failed(int hresult) {
        return hresult < 0;
    }

    /** {@code 0x8037011B}. */
    static String hex(int hresult) {
        return String.format(Locale.ROOT, "0x%08X", hresult);
    }

    /** {@code HCS_E_ACCESS_DENIED (0x8037011B)}, {@code Win32 error 1060 (0x80070424)}, or just the hex. */
    static String describe(int hresult) {
        String name = NAMES.get(hresult);
        if (name != null) {
            return name + " (" + hex(hresult) + ")";
        }
        if ((hresult & FACILITY_WIN32_MASK) == FACILITY_WIN32) {
            return "Win32 error " + (hresult & 0xFFFF) + " (" + hex(hresult) + ")";
        }
        return hex(hresult);
    }

    /**
     * The exception for a failed {@code operation} that returned {@code hresult}, with what its result
     * document says.
     *
     * @return an {@link AccessDeniedException} where the caller lacks the rights (HCS_E_ACCESS_DENIED, or
     *         E_ACCESSDENIED, which older Windows gives), else an {@link IOException}
     * @throws UnsupportedOperationException rather than returning, where the HCS itself is missing
     *         (HCS_E_HYPERV_NOT_INSTALLED, HCS_E_SERVICE_NOT_AVAILABLE): as a Hyper-V socket without Hyper-V
     */
    static IOException failure(String operation, int hresult, String resultDocument) {
        String said = ComputeSystemDocuments.errorMessage(resultDocument, hresult);
        String error = describe(hresult) + (said != null ? ": " + said : "");
        if (hresult == HCS_E_ACCESS_DENIED || hresult == E_ACCESSDENIED) {
            return new AccessDeniedException("the Host Compute Service", null, operation + " failed with " + error
                    + ". Only administrators and members of the Hyper-V Administrators group may list the VMs and "
                    + "containers: run elevated (\"Run as administrator\") or join that group "
                    + "(https://aka.ms/hcsadmin)");
        }
        if (hresult == HCS_E_HYPERV_NOT_INSTALLED || hresult == HCS_E_SERVICE_NOT_AVAILABLE) {
            throw new UnsupportedOperationException("the Host Compute Service is not available here: " + operation
                    + " failed with " + error + " (it needs Hyper-V or the Virtual Machine Platform enabled, and the "
                    + "vmcompute service running: net start vmcompute)");
        }
        return new IOException(operation + " failed with " + error);
    }
}
