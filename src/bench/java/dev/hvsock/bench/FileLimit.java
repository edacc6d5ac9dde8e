package dev.hvsock.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** RLIMIT_NOFILE of this process (and the C contender it starts), raised as far as the OS lets it. */
final class FileLimit {
    private static final int RLIMIT_NOFILE = 7;

    private FileLimit() {
    }

    /** Raises the open-file limit towards {@code wanted}; returns the limit now in force. */
    static long raise(long wanted) {
        Linker linker = Linker.nativeLinker();
        FunctionDescriptor fd = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
        MethodHandle get = linker.downcallHandle(linker.defaultLookup().find("getrlimit").orElseThrow(), fd);
        MethodHandle set = linker.downcallHandle(linker.defaultLookup().find("setrlimit").orElseThrow(), fd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(16, 8);
            if ((int) get.invokeExact(RLIMIT_NOFILE, limit) != 0) {
                return -1;
            }
            long soft = limit.get(ValueLayout.JAVA_LONG, 0);
            long hard = limit.get(ValueLayout.JAVA_LONG, 8);
            if (soft >= wanted) {
                return soft;
            }
            // Raising the hard limit needs privilege; without it, go as far as the hard limit.
            limit.set(ValueLayout.JAVA_LONG, 0, wanted);
            limit.set(ValueLayout.JAVA_LONG, 8, Math.max(hard, wanted));
            if ((int) set.invokeExact(RLIMIT_NOFILE, limit) != 0) {
                limit.set(ValueLayout.JAVA_LONG, 0, hard);
                limit.set(ValueLayout.JAVA_LONG, 8, hard);
                int ignored = (int) set.invokeExact(RLIMIT_NOFILE, limit);
            }
            if ((int) get.invokeExact(RLIMIT_NOFILE, limit) != 0) {
                return -1;
            }
            return limit.get(ValueLayout.JAVA_LONG, 0);
        } catch (Throwable t) {
            return -1;
        }
    }
}
