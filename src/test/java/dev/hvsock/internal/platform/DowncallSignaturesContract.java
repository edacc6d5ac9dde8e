package dev.hvsock.internal.platform;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A platform's native calls, checked against the types they are called with (see {@link NativeFunction}):
 * each function's generated descriptor links to the type the platform calls it with, {@code Downcalls} has
 * one typed static method per function with exactly that type, the {@code invokeExact} call sites in its
 * class file use exactly the linked types, and no other class of the platform invokes a handle itself. A
 * descriptor that does not fit a call site would otherwise only fail on the first call.
 *
 * <p>Each platform's test supplies its functions and links them as far as they can be linked on the OS
 * the test runs on. {@code Downcalls} itself is loaded, never initialized: on Windows that would open ws2_32.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DowncallSignaturesContract {

    private final List<? extends NativeFunction> functions;
    private final String downcallsClass;

    /**
     * @param functions the platform's {@code Downcall} values
     * @param downcallsClass the name of the platform's {@code Downcalls} class, which has the typed methods
     */
    protected DowncallSignaturesContract(List<? extends NativeFunction> functions, String downcallsClass) {
        this.functions = functions;
        this.downcallsClass = downcallsClass;
    }

    protected final List<? extends NativeFunction> functions() {
        return functions;
    }

    protected final String downcallsClass() {
        return downcallsClass;
    }

    /** {@code function} linked with its jextract-generated descriptor, as {@code Downcalls} links it. */
    protected abstract MethodHandle linkGenerated(NativeFunction function) throws Exception;

    @ParameterizedTest
    @MethodSource("functions")
    public void theGeneratedDescriptorLinksToTheTypeThePlatformCalls(NativeFunction function) throws Exception {
        assertEquals(function.callSiteType(), linkGenerated(function).type(), function.symbol());
    }

    @Test
    public void everyTypedMethodHasItsHandlesType() throws ClassNotFoundException {
        Class<?> downcalls = Class.forName(downcallsClass(), false, getClass().getClassLoader());
        for (NativeFunction function : functions()) {
            String wanted = function.name().replace("_", "");
            List<Method> methods = Arrays.stream(downcalls.getDeclaredMethods())
                    .filter(m -> Modifier.isStatic(m.getModifiers()) && m.getName().equalsIgnoreCase(wanted))
                    .toList();
            assertEquals(1, methods.size(), "one typed method for " + function.name() + " in Downcalls");
            Method m = methods.get(0);
            assertEquals(function.callSiteType(), MethodType.methodType(m.getReturnType(), m.getParameterTypes()),
                    "Downcalls." + m.getName());
        }
    }

    @Test
    public void everyInvokeExactInDowncallsUsesOneOfTheLinkedTypes() throws IOException {
        Set<String> linked = functions().stream()
                .map(f -> f.callSiteType().toMethodDescriptorString())
                .collect(Collectors.toSet());
        Set<String> called = new HashSet<>(InvokeExactCallSites.of(downcallsClass()));
        assertEquals(linked, called, "the invokeExact call sites of Downcalls are exactly the linked types");
    }

    /**
     * A typed method reads its own function's handle: its {@code Downcall} constant, or the static final
     * field of the same name in {@code Downcalls.PerIo} that the per-I/O functions are called through
     * (so that HotSpot inlines them). The types alone cannot tell {@code send} from {@code sendBlocking}.
     */
    @Test
    public void everyTypedMethodCallsItsOwnFunctionsHandle() throws IOException {
        ClassModel downcalls = classFile(downcallsClass());
        String downcall = downcallsClass().substring(0, downcallsClass().lastIndexOf('.') + 1) + "Downcall";
        String perIo = downcallsClass() + "$PerIo";
        for (NativeFunction function : functions()) {
            String wanted = function.name().replace("_", "");
            MethodModel method = downcalls.methods().stream()
                    .filter(m -> m.methodName().stringValue().equalsIgnoreCase(wanted))
                    .findFirst().orElseThrow();
            List<String> handles = staticReads(method, downcall, perIo);
            assertEquals(1, handles.size(), method.methodName() + " reads one handle: " + handles);
            assertTrue(handles.get(0).endsWith("." + function.name()), method.methodName() + " reads " + handles);
        }
    }

    /** Each field of {@code Downcalls.PerIo} holds the handle of the {@code Downcall} constant of its name. */
    @Test
    public void everyPerIoHandleIsItsOwnFunctions() throws IOException {
        ClassModel perIo = classFile(downcallsClass() + "$PerIo");
        String downcall = downcallsClass().substring(0, downcallsClass().lastIndexOf('.') + 1) + "Downcall";
        MethodModel init = perIo.methods().stream().filter(m -> m.methodName().equalsString("<clinit>"))
                .findFirst().orElseThrow();
        List<FieldInstruction> fields = fieldInstructions(init);
        int stored = 0;
        for (int i = 0; i < fields.size(); i++) {
            FieldInstruction put = fields.get(i);
            if (put.opcode() != Opcode.PUTSTATIC) {
                continue;
            }
            FieldInstruction get = fields.get(i - 1);
            assertEquals(Opcode.GETSTATIC, get.opcode());
            assertEquals(downcall.replace('.', '/'), get.owner().asInternalName());
            assertEquals(put.name().stringValue(), get.name().stringValue(), "PerIo." + put.name());
            stored++;
        }
        assertEquals(perIo.fields().size(), stored, "every PerIo field set from its constant");
        assertTrue(stored > 0, "PerIo holds the per-I/O handles");
    }

    /** The static fields of {@code downcall} or {@code perIo} that {@code method} reads, as Owner.NAME. */
    private static List<String> staticReads(MethodModel method, String downcall, String perIo) {
        List<String> reads = new ArrayList<>();
        for (FieldInstruction field : fieldInstructions(method)) {
            String owner = field.owner().asInternalName().replace('/', '.');
            if (field.opcode() == Opcode.GETSTATIC && (owner.equals(downcall) || owner.equals(perIo))) {
                reads.add(owner.substring(owner.lastIndexOf('.') + 1) + "." + field.name().stringValue());
            }
        }
        return reads;
    }

    private static List<FieldInstruction> fieldInstructions(MethodModel method) {
        return method.code().orElseThrow().elementStream()
                .<FieldInstruction>mapMulti((element, out) -> {
                    if (element instanceof FieldInstruction field) {
                        out.accept(field);
                    }
                })
                .toList();
    }

    private static ClassModel classFile(String className) throws IOException {
        String resource = "/" + className.replace('.', '/') + ".class";
        try (InputStream in = DowncallSignaturesContract.class.getResourceAsStream(resource)) {
            assertNotNull(in, "class file of " + className);
            return ClassFile.of().parse(in.readAllBytes());
        }
    }

    @Test
    public void noOtherClassOfThePlatformInvokesAHandleItself() throws Exception {
        List<String> others = platformClasses().stream()
                .filter(c -> !c.equals(downcallsClass()) && !c.startsWith(downcallsClass() + "$"))
                .toList();
        // the platform class at least: a listing that found nothing would pass for nothing
        assertTrue(others.stream().anyMatch(c -> c.endsWith("Platform")), "platform classes found: " + others);
        for (String name : others) {
            List<String> sites = InvokeExactCallSites.of(name);
            assertTrue(sites.isEmpty(), name + " calls invokeExact " + sites + "; native calls go through Downcalls");
        }
    }

    /** Every class compiled into the package of {@code Downcalls}, nested ones included. */
    private List<String> platformClasses() throws IOException, URISyntaxException {
        String resource = downcallsClass().replace('.', '/') + ".class";
        URL url = getClass().getClassLoader().getResource(resource);
        assertTrue(url != null && url.getProtocol().equals("file"), "a class directory holds " + resource + ": " + url);
        Path dir = Path.of(url.toURI()).getParent();
        String pkg = downcallsClass().substring(0, downcallsClass().lastIndexOf('.') + 1);
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> pkg + f.substring(0, f.length() - ".class".length()))
                    .sorted()
                    .toList();
        }
    }
}
