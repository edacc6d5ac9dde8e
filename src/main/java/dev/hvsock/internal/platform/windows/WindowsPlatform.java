package dev.hvsock.internal.platform.windows;

import dev.hvsock.internal.platform.ArrayPollReadiness;
import dev.hvsock.internal.platform.ComputeSystemSource;
import dev.hvsock.internal.platform.HostServices;
import dev.hvsock.internal.platform.NativePlatform;
import dev.hvsock.internal.platform.Platforms;

import java.util.Optional;

/**
 * The Windows platform: {@code AF_HYPERV} and {@code AF_UNIX} sockets through ws2_32 ({@link WindowsSockets}),
 * the array-poll way of waiting over {@code WSAPoll} ({@link WindowsReadiness}), the Hyper-V service registry
 * through advapi32 ({@link GuestServiceRegistry}) and the compute systems through the Host Compute Service
 * ({@link HostComputeService}); no vsock identity, which only a Linux machine has.
 *
 * <p>Loaded by name by {@code Platforms} on Windows only.
 */
public final class WindowsPlatform implements Platforms.Assembly {
    /**
     * Starts Winsock and links every downcall, so that a machine where either fails finds out here, once
     * ({@code Platforms} keeps the reason), not at some later call.
     *
     * @throws UnsupportedOperationException if Winsock 2.2 cannot be started, with the reason
     */
    @Override
    public NativePlatform assemble() {
        WinsockStartup.ensureStarted();
        Downcalls.link();
        WindowsSockets sockets = new WindowsSockets();
        ComputeSystemSource computeSystems = () -> ComputeSystemDocuments.computeSystems(
                HostComputeService.enumerateComputeSystems());
        return new NativePlatform(WindowsSocketAddresses.RULES, sockets,
                new ArrayPollReadiness(new WindowsReadiness(sockets)),
                new HostServices(Optional.of(new GuestServiceRegistry(new AdvApi32RegistryKeys())),
                        Optional.of(computeSystems), Optional.empty()));
    }
}
