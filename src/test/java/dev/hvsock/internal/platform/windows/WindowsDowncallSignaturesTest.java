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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Windows platform's native calls, checked on any OS, Linux included, where they cannot run.
 *
 * <p>The descriptors are the jextract-generated ones, read from the generated sources (the generated classes
 * themselves open ws2_32/kernel32 when initialized, which fails off Windows). Each is linked, as
 * {@code Downcalls} links it, at a harmless address that is never called, capturing {@code errno} (the one
 * state every OS has, which adds the same leading segment as {@code WSAGetLastError}).
 */
class WindowsDowncallSignaturesTest extends DowncallSignaturesContract {
    private static final Path GENERATED = Path.of("src/main/java/dev/hvsock/internal/ffi/windows");
    private static final Pattern DESCRIPTOR = Pattern.compile(
            "private static class (\\w+) \\{\\s*public static final FunctionDescriptor DESC = "
                    + "FunctionDescriptor\\.(of|ofVoid)\\(([^;]*?)\\);", Pattern.DOTALL);

    /** A real function's address: linking needs one, and it is never called. */
    private static final MemorySegment NEVER_CALLED =
            Linker.nativeLinker().defaultLookup().find("getpid").orElseThrow();

    WindowsDowncallSignaturesTest() {
        super(List.of(Downcall.values()), "dev.hvsock.internal.platform.windows.Downcalls");
    }

    @Override
    protected MethodHandle linkGenerated(NativeFunction function) throws IOException {
        return function.link(NEVER_CALLED, generatedDescriptor(function.symbol()), "errno");
    }

    /** The generated descriptor of {@code symbol}, from WinSock.java or Kernel32.java. */
    private static FunctionDescriptor generatedDescriptor(String symbol) throws IOException {
        for (String header : List.of("WinSock.java", "Kernel32.java")) {
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
        }
        throw new AssertionError("no generated descriptor for " + symbol + " in WinSock.java or Kernel32.java");
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
        for (String header : List.of("WinSock.java", "Kernel32.java", "WinSockTypes.java")) {
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
                Downcall.SOCKET.link(NEVER_CALLED, generatedDescriptor("socket"), "errno").type());
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
