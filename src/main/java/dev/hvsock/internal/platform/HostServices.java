package dev.hvsock.internal.platform;

import java.util.Optional;

/**
 * The host services a platform may have beside its sockets, each present only where the OS has it: the
 * Hyper-V service registry and the compute systems (Windows hosts), this machine's vsock identity (Linux).
 * The API classes that reach one say, when it is absent, why and what to do instead.
 *
 * @param serviceRegistry the Hyper-V service registry (Windows)
 * @param computeSystems the Host Compute Service's compute systems (Windows)
 * @param localVsock this machine's CID and vsock transports (Linux)
 */
public record HostServices(Optional<ServiceRegistry> serviceRegistry, Optional<ComputeSystemSource> computeSystems,
                           Optional<LocalVsock> localVsock) {
}
