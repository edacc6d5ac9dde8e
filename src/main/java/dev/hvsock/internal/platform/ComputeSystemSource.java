package dev.hvsock.internal.platform;

import dev.hvsock.HvComputeSystem;

import java.io.IOException;
import java.util.List;

/**
 * The compute systems (VMs and containers) of this host, on a platform that has a Host Compute Service
 * (Windows). {@link dev.hvsock.HvComputeSystems} reaches it through the current {@link NativePlatform}'s
 * {@link HostServices#computeSystems()}, present where the service can exist.
 */
public interface ComputeSystemSource {
    /**
     * Every compute system the Host Compute Service lists.
     *
     * @throws java.nio.file.AccessDeniedException without the rights to list them (administrators and the
     *         Hyper-V Administrators group have them)
     * @throws UnsupportedOperationException if this machine has no Host Compute Service (no Hyper-V)
     */
    List<HvComputeSystem> computeSystems() throws IOException;
}
