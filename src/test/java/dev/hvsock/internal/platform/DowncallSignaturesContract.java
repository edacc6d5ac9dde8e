package dev.hvsock.internal.platform;

import java.io.IOException;
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
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
