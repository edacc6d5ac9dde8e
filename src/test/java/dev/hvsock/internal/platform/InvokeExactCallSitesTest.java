package dev.hvsock.internal.platform;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The class-file reader the downcall signature checks rely on. */
class InvokeExactCallSitesTest {
    /** Something with known invokeExact call sites. */
    static final class KnownCallSites {
        static int call(MethodHandle h) throws Throwable {
            long a = (long) h.invokeExact(1L, "x");
            return (int) h.invokeExact(MemorySegment.NULL, 2) + (int) a;
        }
    }

    @Test
    void theCallSiteReaderFindsExactlyTheCallSites() throws IOException {
        assertEquals(Set.of("(JLjava/lang/String;)J", "(Ljava/lang/foreign/MemorySegment;I)I"),
                new HashSet<>(InvokeExactCallSites.of(KnownCallSites.class.getName())));
    }
}
