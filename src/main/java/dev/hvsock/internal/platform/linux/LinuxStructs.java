package dev.hvsock.internal.platform.linux;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.util.Locale;

/**
 * The C structs the Linux platform hands to the kernel, in the layout of one target. Their layouts differ
 * between architectures ({@code struct epoll_event} is packed on x86_64 only: 12 bytes there, 16 on
 * aarch64), so jextract generates them per target into {@code dev.hvsock.internal.ffi.linux.<arch>}; this
 * is the one class that chooses between those packages. The rest of the platform reads sizes and offsets
 * from {@link #CURRENT} and never names an architecture. (Functions and constants are the same on every
 * target and live in {@code dev.hvsock.internal.ffi.linux.LibC}; {@code jextract-config/generate.sh}
 * checks that they are.)
 *
 * @param target     the target's name, {@code linux-<arch>}
 * @param epollEvent {@code struct epoll_event}
 * @param pollfd     {@code struct pollfd}
 * @param iovec      {@code struct iovec}
 * @param linger     {@code struct linger}
 * @param sockaddrUn {@code struct sockaddr_un}
 * @param sockaddrVm {@code struct sockaddr_vm}
 */
record LinuxStructs(String target, GroupLayout epollEvent, GroupLayout pollfd, GroupLayout iovec,
        GroupLayout linger, GroupLayout sockaddrUn, GroupLayout sockaddrVm) {
    /** The targets there are bindings for, as {@link #forArch} names them in its refusal. */
    static final String SUPPORTED = "linux-x86_64, linux-aarch64";

    /** The running JVM's target. */
    static final LinuxStructs CURRENT = forArch(System.getProperty("os.arch", ""));

    /**
     * The structs of Linux on {@code osArch} (a value of the {@code os.arch} property).
     *
     * @throws UnsupportedOperationException for an architecture there are no bindings for, naming those
     *         there are
     */
    static LinuxStructs forArch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> new LinuxStructs("linux-x86_64",
                    dev.hvsock.internal.ffi.linux.x86_64.epoll_event.layout(),
                    dev.hvsock.internal.ffi.linux.x86_64.pollfd.layout(),
                    dev.hvsock.internal.ffi.linux.x86_64.iovec.layout(),
                    dev.hvsock.internal.ffi.linux.x86_64.linger.layout(),
                    dev.hvsock.internal.ffi.linux.x86_64.sockaddr_un.layout(),
                    dev.hvsock.internal.ffi.linux.x86_64.sockaddr_vm.layout());
            case "aarch64", "arm64" -> new LinuxStructs("linux-aarch64",
                    dev.hvsock.internal.ffi.linux.aarch64.epoll_event.layout(),
                    dev.hvsock.internal.ffi.linux.aarch64.pollfd.layout(),
                    dev.hvsock.internal.ffi.linux.aarch64.iovec.layout(),
                    dev.hvsock.internal.ffi.linux.aarch64.linger.layout(),
                    dev.hvsock.internal.ffi.linux.aarch64.sockaddr_un.layout(),
                    dev.hvsock.internal.ffi.linux.aarch64.sockaddr_vm.layout());
            default -> throw new UnsupportedOperationException("hvsock-nio's Linux bindings are generated for "
                    + SUPPORTED + ", not linux-" + osArch);
        };
    }

    /** The byte offset of {@code field} in {@code struct}. */
    static long offset(GroupLayout struct, String field) {
        return struct.byteOffset(PathElement.groupElement(field));
    }
}
