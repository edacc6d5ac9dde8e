package dev.hvsock.internal.platform.linux;

import dev.hvsock.internal.platform.HostServices;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Platforms;

import java.util.Optional;

/**
 * The Linux platform: {@code AF_VSOCK} and {@code AF_UNIX} sockets through libc ({@link LinuxSockets}), epoll
 * and eventfds to wait ({@link LinuxReadiness}), and this machine's vsock identity ({@link LinuxLocalVsock});
 * no Hyper-V service registry and no compute systems, which only a Windows host has.
 *
 * <p>Loaded by name by {@code Platforms} on Linux only.
 */
public final class LinuxPlatform implements Platforms.Assembly {
    @Override
    public NativePlatform assemble() {
        Downcalls.link(); // a binding that cannot be linked fails here, once, and Platforms keeps the reason
        LinuxSockets sockets = new LinuxSockets();
        return new NativePlatform(LinuxSocketAddresses.RULES, sockets, new LinuxReadiness(sockets),
                new HostServices(Optional.empty(), Optional.empty(), Optional.of(new LinuxLocalVsock())));
    }
}
