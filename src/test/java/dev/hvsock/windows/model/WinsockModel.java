package dev.hvsock.windows.model;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The Winsock model's control functions ({@code src/test/c/winsock-model/faults.c} and {@code hcs.c}), found in
 * the same {@code ws2_32} library the Windows platform loads (the loader hands out the one already loaded), so
 * that the switches a test sets are the ones the platform runs into. Only where the Windows platform runs over
 * the model ({@code PlatformUnderTest.overWinsockModel()}).
 */
public final class WinsockModel {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup MODEL = SymbolLookup.libraryLookup(System.mapLibraryName("ws2_32"),
            Arena.global());
    private static final MethodHandle CONTROL = LINKER.downcallHandle(MODEL.findOrThrow("hvmodel_control"),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle QUERY = LINKER.downcallHandle(MODEL.findOrThrow("hvmodel_query"),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle HCS_DOCUMENT = LINKER.downcallHandle(MODEL.findOrThrow("hvmodel_hcs_document"),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle HCS_OPEN_OPERATIONS = LINKER.downcallHandle(
            MODEL.findOrThrow("hvmodel_hcs_open_operations"), FunctionDescriptor.of(ValueLayout.JAVA_LONG));

    /** Winsock's WSAENETDOWN, the error a whole-array WSAPoll failure reports by default. */
    public static final int WSAENETDOWN = 10050;

    private WinsockModel() {
    }

    /** Sets the switch {@code name} (faults.c lists them) and returns its previous value. */
    public static long control(String name, long value) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) CONTROL.invokeExact(arena.allocateFrom(name), value);
        } catch (Throwable t) {
            throw new AssertionError("hvmodel_control(" + name + ") failed", t);
        }
    }

    /** Reads the counter {@code name} (faults.c lists them). */
    public static long query(String name) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) QUERY.invokeExact(arena.allocateFrom(name));
        } catch (Throwable t) {
            throw new AssertionError("hvmodel_query(" + name + ") failed", t);
        }
    }

    /** Records the document HcsEnumerateComputeSystems gives next (null: the default, nothing runs). */
    public static void hcsDocument(String json, int hresult) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = json == null ? MemorySegment.NULL : arena.allocateFrom(json);
            HCS_DOCUMENT.invokeExact(text, hresult);
        } catch (Throwable t) {
            throw new AssertionError("hvmodel_hcs_document failed", t);
        }
    }

    public static long hcsOpenOperations() {
        try {
            return (long) HCS_OPEN_OPERATIONS.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("hvmodel_hcs_open_operations failed", t);
        }
    }
}
