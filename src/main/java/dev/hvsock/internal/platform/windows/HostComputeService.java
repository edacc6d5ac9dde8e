package dev.hvsock.internal.platform.windows;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Lists the compute systems through the Host Compute Service: {@code computecore.dll}'s documented API
 * where it exists (Windows 10 1809 / Server 2019 and later), else {@code vmcompute.dll}'s older one. Which
 * one is decided once, by looking for the DLL and its function; the generated class of the other is never
 * initialized. Without either the HCS is not available, as on a Windows without Hyper-V.
 *
 * <p>computecore, as Microsoft's own clients use it (microsoft/WSL {@code hcs.cpp}, microsoft/hcsshim):
 * {@code HcsCreateOperation(NULL, NULL)}, {@code HcsEnumerateComputeSystems(query, op)} to start it,
 * {@code HcsWaitForOperationResult(op, timeoutMs, &document)} (a result document comes back whether the
 * operation succeeded or failed), then {@code HcsCloseOperation}. The wait is bounded by the caller (the
 * reference's enumeration sample and WSL wait {@code INFINITE}, hcsshim bounds its operations by 4 minutes):
 * a service that never answers must not hang its caller for good. An operation that timed out
 * ({@code HCS_E_OPERATION_TIMEOUT}) is still in flight and is left open, leaked on purpose: hcsshim found that
 * closing an operation still in flight can crash computecore, and the HCS cannot cancel one
 * ({@code HcsCancelOperation} is documented as not implemented).
 * The result document is UTF-16 and the caller's to free, with {@code LocalFree} ("The caller is
 * responsible for releasing the returned string using LocalFree", HcsWaitForOperationResult's reference).
 *
 * <p>vmcompute's {@code HcsEnumerateComputeSystems(query, &systems, &result)} answers at once; its strings
 * are freed with {@code CoTaskMemFree}, as HCSSHIM does. Both get the query {@code {}}: every system.
 *
 * <p>Initializing this class links nothing; calling it opens the DLLs: Windows only.
 */
final class HostComputeService {
    private static final System.Logger LOG = System.getLogger(HostComputeService.class.getName());

    /** A SystemQuery that matches every compute system. */
    private static final String ALL = "{}";

    private enum Api { COMPUTECORE, VMCOMPUTE, NONE }

    private static final class Chosen {
        static final Api API = find();
    }

    private HostComputeService() {
    }

    /**
     * The JSON array of every compute system, as the HCS answers it, waiting at most {@code timeoutMillis}
     * (an unsigned {@code DWORD}) for computecore; vmcompute's call answers at once and takes no timeout.
     *
     * @throws java.nio.file.AccessDeniedException without the rights to list them
     * @throws UnsupportedOperationException if this Windows has no Host Compute Service
     */
    static String enumerateComputeSystems(int timeoutMillis) throws IOException {
        return switch (Chosen.API) {
            case COMPUTECORE -> computeCore(timeoutMillis);
            case VMCOMPUTE -> vmCompute();
            case NONE -> throw new UnsupportedOperationException("the Host Compute Service is not available here: "
                    + "neither computecore.dll nor vmcompute.dll exists (Hyper-V or the Virtual Machine Platform "
                    + "is not enabled)");
        };
    }

    private static String computeCore(int timeoutMillis) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(Downcalls.CALL_STATE);
            MemorySegment operation = Downcalls.hcsCreateOperation(cs, MemorySegment.NULL, MemorySegment.NULL);
            if (operation.equals(MemorySegment.NULL)) {
                throw new IOException("HcsCreateOperation failed: Win32 error " + Downcalls.lastError(cs));
            }
            boolean inFlight = false;
            try {
                int hr = Downcalls.hcsEnumerateComputeSystems(wide(arena, ALL), operation);
                if (HcsErrors.failed(hr)) {
                    throw HcsErrors.failure("HcsEnumerateComputeSystems", hr, null);
                }
                MemorySegment result = arena.allocate(ValueLayout.ADDRESS);
                result.set(ValueLayout.ADDRESS, 0, MemorySegment.NULL);
                hr = Downcalls.hcsWaitForOperationResult(operation, timeoutMillis, result);
                String document = takeLocal(cs, result.get(ValueLayout.ADDRESS, 0));
                if (hr == HcsErrors.HCS_E_OPERATION_TIMEOUT) {
                    inFlight = true;
                    throw new IOException("the Host Compute Service did not list the compute systems within "
                            + Integer.toUnsignedLong(timeoutMillis) + " ms (HcsWaitForOperationResult: "
                            + HcsErrors.describe(hr) + ")");
                }
                if (HcsErrors.failed(hr)) {
                    throw HcsErrors.failure("HcsEnumerateComputeSystems", hr, document);
                }
                return document;
            } finally {
                if (!inFlight) {
                    Downcalls.hcsCloseOperation(operation);
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "HCS operation left open: it is still in flight");
                }
            }
        }
    }

    private static String vmCompute() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment systems = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment result = arena.allocate(ValueLayout.ADDRESS);
            systems.set(ValueLayout.ADDRESS, 0, MemorySegment.NULL);
            result.set(ValueLayout.ADDRESS, 0, MemorySegment.NULL);
            int hr = Downcalls.vmcomputeEnumerateComputeSystems(wide(arena, ALL), systems, result);
            String list = takeCoTaskMem(systems.get(ValueLayout.ADDRESS, 0));
            String error = takeCoTaskMem(result.get(ValueLayout.ADDRESS, 0));
            if (HcsErrors.failed(hr)) {
                throw HcsErrors.failure("HcsEnumerateComputeSystems (vmcompute.dll)", hr, error);
            }
            return list;
        }
    }

    /** The UTF-16 string at {@code document} (null for NULL), which is then freed with LocalFree. */
    private static String takeLocal(MemorySegment callState, MemorySegment document) {
        if (document.equals(MemorySegment.NULL)) {
            return null;
        }
        try {
            return utf16(document);
        } finally {
            if (!Downcalls.localFree(callState, document).equals(MemorySegment.NULL)) {
                // nothing else to do about it: the document leaks
                LOG.log(System.Logger.Level.DEBUG, "LocalFree of an HCS result document failed: Win32 error {0}",
                        Downcalls.lastError(callState));
            }
        }
    }

    /** As {@link #takeLocal}, freed with CoTaskMemFree. */
    private static String takeCoTaskMem(MemorySegment string) {
        if (string.equals(MemorySegment.NULL)) {
            return null;
        }
        try {
            return utf16(string);
        } finally {
            Downcalls.coTaskMemFree(string);
        }
    }

    private static String utf16(MemorySegment string) {
        return string.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_16LE);
    }

    private static MemorySegment wide(Arena arena, String s) {
        return arena.allocateFrom(s, StandardCharsets.UTF_16LE);
    }

    /** computecore.dll if it has HcsEnumerateComputeSystems, else vmcompute.dll if it has, else none. */
    private static Api find() {
        if (exports("computecore", "HcsEnumerateComputeSystems")) {
            return Api.COMPUTECORE;
        }
        if (exports("vmcompute", "HcsEnumerateComputeSystems")) {
            return Api.VMCOMPUTE;
        }
        return Api.NONE;
    }

    /** Whether library {@code name} can be loaded and exports {@code symbol}; the probe unloads it again. */
    private static boolean exports(String name, String symbol) {
        try (Arena probe = Arena.ofConfined()) {
            return SymbolLookup.libraryLookup(System.mapLibraryName(name), probe).find(symbol).isPresent();
        } catch (IllegalArgumentException notFound) {
            LOG.log(System.Logger.Level.DEBUG, "no {0}: {1}", System.mapLibraryName(name), notFound.getMessage());
            return false;
        }
    }
}
