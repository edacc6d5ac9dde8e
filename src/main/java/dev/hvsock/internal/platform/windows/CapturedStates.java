package dev.hvsock.internal.platform.windows;

import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The name under which the linker captures the OS error a Windows function leaves: {@code WSAGetLastError} and
 * {@code GetLastError} on Windows, as {@link Downcall} declares them. A linker that knows neither, Linux's (its
 * {@link Linker.Option#captureStateLayout()} has {@code errno} only), captures {@code errno} instead: that is
 * where the Winsock model the tests run the Windows platform over on Linux reports its Winsock errors
 * ({@code src/test/c/winsock-model}, docs/windows.md). On Windows every name is its own, so nothing changes there.
 */
final class CapturedStates {
    private static final StructLayout LAYOUT = Linker.Option.captureStateLayout();

    private CapturedStates() {
    }

    /** {@code declared} if this platform's linker captures it, else {@code errno}; null for null (nothing captured). */
    static String name(String declared) {
        if (declared == null) {
            return null;
        }
        for (MemoryLayout member : LAYOUT.memberLayouts()) {
            if (member.name().filter(declared::equals).isPresent()) {
                return declared;
            }
        }
        return "errno";
    }
}
