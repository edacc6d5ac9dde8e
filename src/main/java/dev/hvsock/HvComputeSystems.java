package dev.hvsock;

import dev.hvsock.internal.platform.ComputeSystemSource;
import dev.hvsock.internal.platform.Platforms;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The compute systems of a Windows host: its running VMs (Hyper-V Manager's, the WSL 2 utility VM) and
 * containers, as the Host Compute Service lists them ({@code HcsEnumerateComputeSystems} of
 * {@code computecore.dll}, or of {@code vmcompute.dll} before Windows 10 1809). {@link HvAddressResolver}
 * finds a VM's id among them by name; from the command line: {@code hvsock vms}.
 *
 * <p>Listing needs an elevated process or membership in the Hyper-V Administrators group (Microsoft's
 * {@code HCS_E_ACCESS_DENIED}: "Only administrators or users that are members of the Hyper-V
 * Administrators user group are permitted to access virtual machines or containers").
 *
 * <p>The Host Compute Service exists on Windows only: elsewhere {@link #list()} throws
 * {@link UnsupportedOperationException} with the reason.
 */
public final class HvComputeSystems {
    /**
     * How long {@link #list()} waits for the Host Compute Service: 4 minutes, microsoft/hcsshim's
     * {@code defaultTimeout} for its HCS operations.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(4);

    /** The longest wait {@link #list(Duration)} takes: {@code INFINITE} (0xFFFFFFFF ms) less one. */
    private static final long MAX_TIMEOUT_MILLIS = 0xFFFF_FFFEL;

    private HvComputeSystems() {
    }

    /**
     * Every compute system the Host Compute Service lists, in its order; empty where none runs. Waits at most
     * {@link #DEFAULT_TIMEOUT} for the service.
     *
     * @return the compute systems
     * @throws java.nio.file.AccessDeniedException without the rights to list them, saying which are needed
     * @throws UnsupportedOperationException if this machine has no Host Compute Service (not Windows, or
     *         Hyper-V and the Virtual Machine Platform are not enabled)
     * @throws IOException if the service fails otherwise, with its error and message, or does not answer in
     *         time
     */
    public static List<HvComputeSystem> list() throws IOException {
        return list(DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #list()}, waiting at most {@code timeout} for the Host Compute Service to answer
     * ({@code HcsWaitForOperationResult}'s {@code timeoutMs}, rounded up to a millisecond).
     *
     * @param timeout how long to wait, positive
     * @return the compute systems
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws java.nio.file.AccessDeniedException without the rights to list them, saying which are needed
     * @throws UnsupportedOperationException if this machine has no Host Compute Service
     * @throws IOException if the service fails otherwise, or does not answer within {@code timeout}
     *         ({@code HCS_E_OPERATION_TIMEOUT})
     */
    public static List<HvComputeSystem> list(Duration timeout) throws IOException {
        int millis = timeoutMillis(timeout);
        ComputeSystemSource source = Platforms.current().host().computeSystems().orElseThrow(
                () -> new UnsupportedOperationException("VMs and containers are listed by the Windows host's Host "
                + "Compute Service, which " + System.getProperty("os.name") + " has not: resolve VM names on the "
                + "host (in a guest the host is parent, vsock CID 2)"));
        return source.computeSystems(millis);
    }

    /** {@code timeout} in milliseconds, rounded up, as the {@code DWORD} the HCS takes (never {@code INFINITE}). */
    static int timeoutMillis(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive: " + timeout);
        }
        long millis = timeout.compareTo(Duration.ofMillis(MAX_TIMEOUT_MILLIS)) >= 0 ? MAX_TIMEOUT_MILLIS
                : timeout.plusNanos(999_999).toMillis();
        return (int) millis;
    }
}
