package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows.WinSockTypes;
import dev.hvsock.internal.platform.DowncallSignaturesContract;
import dev.hvsock.internal.platform.NativeFunction;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Windows platform's native calls, checked on any OS, Linux included, where they cannot run.
 *
 * <p>The descriptors are the jextract-generated ones, read from the generated sources (the generated classes
 * themselves open ws2_32, kernel32, computecore or vmcompute when initialized, which fails off Windows). Each
 * is linked, as {@code Downcalls} links it, at a harmless address that is never called, capturing
 * {@code errno} (the one state every OS has, which adds the same leading segment as {@code WSAGetLastError}).
 */
class WindowsDowncallSignaturesTest extends DowncallSignaturesContract {
    private static final Path GENERATED = Path.of("src/main/java/dev/hvsock/internal/ffi/windows");
    private static final Pattern DESCRIPTOR = Pattern.compile(
            "private static class (\\w+) \\{\\s*public static final FunctionDescriptor DESC = "
                    + "FunctionDescriptor\\.(of|ofVoid)\\(([^;]*?)\\);", Pattern.DOTALL);

    /**
     * A real function's address: linking needs one, and it is never called. {@code strlen}, because the default
     * lookup has it on every OS: glibc exports it, and so does Windows' ucrtbase.dll, which exports no
     * {@code getpid} (only {@code _getpid}: Microsoft Learn, "getpid" is a deprecated POSIX name); the
     * {@code Linker} javadoc's own example looks up {@code strlen} the same way.
     */
    private static final MemorySegment NEVER_CALLED =
            Linker.nativeLinker().defaultLookup().find("strlen").orElseThrow();

    WindowsDowncallSignaturesTest() {
        super(List.of(Downcall.values()), "dev.hvsock.internal.platform.windows.Downcalls");
    }

    @Override
    protected MethodHandle linkGenerated(NativeFunction function) throws IOException {
        return function.link(NEVER_CALLED, generatedDescriptor(headerOf(function), function.symbol()), "errno");
    }

    /** The generated class that has {@code function} (vmcompute's HcsEnumerateComputeSystems has a twin). */
    private static String headerOf(NativeFunction function) {
        return switch ((Downcall) function) {
            case HCS_CREATE_OPERATION, HCS_ENUMERATE_COMPUTE_SYSTEMS, HCS_WAIT_FOR_OPERATION_RESULT,
                 HCS_CLOSE_OPERATION -> "ComputeCore.java";
            case VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS, CO_TASK_MEM_FREE -> "VmCompute.java";
            case SET_HANDLE_INFORMATION, LOCAL_FREE -> "Kernel32.java";
            case RTL_GET_VERSION -> "NtDll.java";
            default -> "WinSock.java";
        };
    }

    /** The generated descriptor of {@code symbol} in {@code header} (WinSock.java, ...). */
    private static FunctionDescriptor generatedDescriptor(String header, String symbol) throws IOException {
        Path source = GENERATED.resolve(header);
        assertTrue(Files.exists(source), "generated source " + source.toAbsolutePath()
                + " (run the tests from the project directory)");
        Matcher m = DESCRIPTOR.matcher(Files.readString(source));
        while (m.find()) {
            if (m.group(1).equals(symbol)) {
                List<MemoryLayout> layouts = new ArrayList<>();
                for (String token : m.group(3).split(",")) {
                    layouts.add(layout(token.strip()));
                }
                return m.group(2).equals("ofVoid")
                        ? FunctionDescriptor.ofVoid(layouts.toArray(MemoryLayout[]::new))
                        : FunctionDescriptor.of(layouts.get(0), layouts.subList(1, layouts.size())
                                .toArray(MemoryLayout[]::new));
            }
        }
        throw new AssertionError("no generated descriptor for " + symbol + " in " + header);
    }

    /** {@code WinSock.C_INT} and the like: the same layout WinSockTypes (loadable here) defines. */
    private static MemoryLayout layout(String token) {
        String name = token.substring(token.indexOf('.') + 1);
        try {
            Field f = WinSockTypes.class.getField(name);
            return (MemoryLayout) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("unknown layout " + token + " in a generated descriptor", e);
        }
    }

    @Test
    void theGeneratedHeaderClassesAgreeWithWinSockTypesOnTheCLayouts() throws IOException {
        // layout() resolves WinSock.C_* and Kernel32.C_* through WinSockTypes: they must be defined alike,
        // and C long must be 32-bit (LLP64), or the Windows bindings were generated wrongly
        for (String header : List.of("WinSock.java", "Kernel32.java", "ComputeCore.java", "VmCompute.java",
                "WinSockTypes.java")) {
            String source = Files.readString(GENERATED.resolve(header));
            assertTrue(source.contains("public static final ValueLayout.OfInt C_LONG = ValueLayout.JAVA_INT;"),
                    header + " has a 32-bit C long");
            assertTrue(source.contains("public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;"), header);
            assertTrue(source.contains("public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;"),
                    header);
            assertTrue(source.contains("public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;"),
                    header);
        }
    }

    @Test
    void sockets64BitAndPollCountsAndIoctlCommands32Bit() throws IOException {
        // the easy-to-miss Windows sizes: SOCKET is UINT_PTR, WSAPoll's ULONG and ioctlsocket's long are 32-bit
        assertEquals(long.class, Downcall.SOCKET.callSiteType().returnType());
        assertEquals(long.class, Downcall.ACCEPT.callSiteType().returnType());
        assertEquals(int.class, Downcall.WSAPOLL.callSiteType().parameterType(2));
        assertEquals(int.class, Downcall.IOCTLSOCKET.callSiteType().parameterType(2));
        assertEquals(MethodType.methodType(long.class, MemorySegment.class, int.class, int.class, int.class),
                Downcall.SOCKET.link(NEVER_CALLED, generatedDescriptor("WinSock.java", "socket"), "errno").type());
    }

    @Test
    void theHostComputeServiceReturnsItsErrorsAndOnlyItsKernel32LikeCallsSetTheLastError() {
        // HRESULTs come back as the result (HCS reference pages), so nothing is captured; HcsCreateOperation
        // returns NULL and sets GetLastError (as microsoft/WSL's hcs.cpp reads it), LocalFree alike
        for (Downcall d : List.of(Downcall.HCS_ENUMERATE_COMPUTE_SYSTEMS, Downcall.HCS_WAIT_FOR_OPERATION_RESULT,
                Downcall.HCS_CLOSE_OPERATION, Downcall.VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS,
                Downcall.CO_TASK_MEM_FREE)) {
            assertNull(d.capturedState(), d.name());
            assertFalse(d.critical(), d.name());
        }
        assertEquals("GetLastError", Downcall.HCS_CREATE_OPERATION.capturedState());
        assertEquals("GetLastError", Downcall.LOCAL_FREE.capturedState());
        // HRESULT and DWORD are 32-bit; the two enumerations share a symbol but not a signature
        assertEquals(MethodType.methodType(int.class, MemorySegment.class, int.class, MemorySegment.class),
                Downcall.HCS_WAIT_FOR_OPERATION_RESULT.callSiteType());
        assertEquals(Downcall.HCS_ENUMERATE_COMPUTE_SYSTEMS.symbol(),
                Downcall.VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS.symbol());
        assertEquals(2, Downcall.HCS_ENUMERATE_COMPUTE_SYSTEMS.callSiteType().parameterCount());
        assertEquals(3, Downcall.VMCOMPUTE_ENUMERATE_COMPUTE_SYSTEMS.callSiteType().parameterCount());
    }

    @Test
    void aDescriptorThatDoesNotFitIsRefusedNamingTheFunction() {
        // socket() as if SOCKET were 32-bit
        FunctionDescriptor wrong = FunctionDescriptor.of(WinSockTypes.C_INT, WinSockTypes.C_INT, WinSockTypes.C_INT,
                WinSockTypes.C_INT);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Downcall.SOCKET.link(NEVER_CALLED, wrong, "errno"));
        assertTrue(e.getMessage().contains("socket"), e.getMessage());
    }
}
