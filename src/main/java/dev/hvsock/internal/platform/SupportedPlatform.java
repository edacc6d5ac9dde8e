package dev.hvsock.internal.platform;

import java.util.Locale;

/**
 * The operating system and architecture pairs hvsock-nio has native bindings for, each with the class that
 * assembles its {@link NativePlatform} (loaded by name, so that the other OS's classes and bindings are never
 * even loaded). Supporting another pair is one constant here (and its bindings).
 */
public enum SupportedPlatform {
    LINUX_X86_64("linux", "x86_64", "dev.hvsock.internal.platform.linux.LinuxPlatform"),
    LINUX_AARCH64("linux", "aarch64", "dev.hvsock.internal.platform.linux.LinuxPlatform"),
    WINDOWS_X86_64("windows", "x86_64", "dev.hvsock.internal.platform.windows.WindowsPlatform");

    private final String os;
    private final String arch;
    private final String assembly;

    SupportedPlatform(String os, String arch, String assembly) {
        this.os = os;
        this.arch = arch;
        this.assembly = assembly;
    }

    /** The OS, as {@code os.name} starts in lower case: {@code linux}, {@code windows}. */
    public String os() {
        return os;
    }

    /** The architecture, by its canonical name ({@code x86_64}, {@code aarch64}). */
    public String arch() {
        return arch;
    }

    /** The name of the {@link Platforms.Assembly} class of this pair. */
    public String assembly() {
        return assembly;
    }

    /** Whether {@code osName} (as in {@code os.name}) is this pair's OS. */
    boolean runsOn(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith(os);
    }

    /** Whether {@code osArch} (as in {@code os.arch}: {@code amd64} is {@code x86_64}) is this pair's architecture. */
    boolean isFor(String osArch) {
        return canonicalArch(osArch).equals(arch);
    }

    /** {@code os.arch} by its canonical name: the JDK says {@code amd64} for {@code x86_64}, {@code arm64} on macOS. */
    static String canonicalArch(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> a;
        };
    }
}
