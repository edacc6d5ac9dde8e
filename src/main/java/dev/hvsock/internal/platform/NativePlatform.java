package dev.hvsock.internal.platform;

import java.util.Objects;

/**
 * The native platform, as the channels, selectors and API classes see it: its roles, with one
 * implementation per operating system. Nothing above this layer tests the OS.
 *
 * <ul>
 *   <li>{@link AddressRules}: the families and how a caller's addresses are checked for them;</li>
 *   <li>{@link Sockets}: a socket's lifecycle, data, options and addresses;</li>
 *   <li>{@link Readiness}: how a thread waits (single polls, poll sets, wakeups) and the threading policy
 *       that goes with it; {@link ArrayPollReadiness} decorates it into Windows' way of waiting;</li>
 *   <li>{@link HostServices}: what the host has beside sockets, each where it exists.</li>
 * </ul>
 *
 * <p>{@link Platforms#current()} assembles the running OS's platform; the tests replace a role with
 * {@link #withSockets} or {@link #withReadiness}.
 *
 * @param addressRules the families and their address rules
 * @param sockets the sockets
 * @param readiness the way of waiting
 * @param host the host services
 */
public record NativePlatform(AddressRules addressRules, Sockets sockets, Readiness readiness, HostServices host) {
    public NativePlatform {
        Objects.requireNonNull(addressRules, "addressRules");
        Objects.requireNonNull(sockets, "sockets");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(host, "host");
    }

    /** This platform with {@code sockets} instead of its own. */
    public NativePlatform withSockets(Sockets sockets) {
        return new NativePlatform(addressRules, sockets, readiness, host);
    }

    /** This platform with {@code readiness} instead of its own (e.g. an {@link ArrayPollReadiness}). */
    public NativePlatform withReadiness(Readiness readiness) {
        return new NativePlatform(addressRules, sockets, readiness, host);
    }
}
