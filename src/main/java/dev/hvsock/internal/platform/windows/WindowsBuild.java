package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.ffi.windows._OSVERSIONINFOW;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The build number of the running Windows, from {@code RtlGetVersion} (ntdll): the true version, where
 * {@code GetVersionEx} answers what the application's manifest claims and {@code os.version} says only
 * "10.0" (Microsoft Learn, RtlGetVersion: "RtlGetVersion returns STATUS_SUCCESS"). Ookii.VmSockets gates the
 * Hyper-V options that exist only on some builds the same way, through .NET's
 * {@code OperatingSystem.IsWindowsVersionAtLeast}. Windows only.
 */
final class WindowsBuild {
    private static final class Current {
        static final int BUILD = query();
    }

    private WindowsBuild() {
    }

    /** The build number (20348 for Server 2022, 22621 for Windows 11 22H2, ...), or 0 if it cannot be told. */
    static int current() {
        return Current.BUILD;
    }

    private static int query() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = _OSVERSIONINFOW.allocate(arena);
            _OSVERSIONINFOW.dwOSVersionInfoSize(info, (int) _OSVERSIONINFOW.sizeof());
            if (Downcalls.rtlGetVersion(info) != 0) {
                return 0;
            }
            return _OSVERSIONINFOW.dwBuildNumber(info);
        }
    }
}
