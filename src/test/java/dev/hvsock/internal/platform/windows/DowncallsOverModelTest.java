package dev.hvsock.internal.platform.windows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every typed method of {@link Downcalls}, linked against the Winsock model: a segment whose arena is closed
 * reaches the caller as the {@link IllegalStateException} the linker throws, unchanged, before any native code
 * runs ({@code NativeFunction.unexpected}: "an unchecked exception as it is (a closed or misplaced segment, for
 * instance)"), never wrapped into an error that would hide it.
 */
@EnabledIf(value = "dev.hvsock.testing.PlatformUnderTest#overWinsockModel",
        disabledReason = "the Windows downcalls link on Windows and, on Linux, against the Winsock model")
class DowncallsOverModelTest {
    @Test
    void aClosedSegmentReachesTheCallerOfEveryDowncallAsItIs() throws ReflectiveOperationException {
        MemorySegment closed;
        try (Arena arena = Arena.ofConfined()) {
            closed = arena.allocate(64, 8);
        }
        List<String> called = new ArrayList<>();
        for (Method method : Downcalls.class.getDeclaredMethods()) {
            Class<?>[] types = method.getParameterTypes();
            if (!Modifier.isStatic(method.getModifiers()) || method.isSynthetic() || types.length == 0
                    || types[0] != MemorySegment.class && !List.of(types).contains(MemorySegment.class)
                    || method.getName().equals("link") || method.getName().endsWith("Error")) {
                continue;
            }
            Object[] args = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                args[i] = types[i] == MemorySegment.class ? closed : types[i] == long.class ? (Object) 0L : (Object) 0;
            }
            method.setAccessible(true);
            try {
                method.invoke(null, args);
                throw new AssertionError(method.getName() + " ran with a closed segment");
            } catch (InvocationTargetException e) {
                assertEquals(IllegalStateException.class, e.getCause().getClass(), method.getName() + ": " + e);
            }
            called.add(method.getName());
        }
        assertTrue(called.size() >= Downcall.values().length, "every downcall has its typed method: " + called);
    }
}
