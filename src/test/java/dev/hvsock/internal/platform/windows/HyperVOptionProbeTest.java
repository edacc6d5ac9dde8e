package dev.hvsock.internal.platform.windows;

import dev.hvsock.HvSocketOptions;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which optional Hyper-V options are advertised: the ones a fresh socket takes and reads back, found once. */
class HyperVOptionProbeTest {
    private static final int WINDOWS_10_1607 = 14393;
    private static final int SERVER_2022 = 20348;
    private static final int WINDOWS_11_22H2 = 22621;
    private static final int SERVER_2025 = 26100;

    private final List<String> calls = new ArrayList<>();
    private int opened;
    private int closed;

    /** A socket that knows the options {@code known} accepts; others fail as an unknown option does. */
    private HyperVOptionProbe.Socket socket(Predicate<SocketOption<?>> known, boolean readsBack) {
        opened++;
        Map<SocketOption<?>, Boolean> values = new HashMap<>();
        return new HyperVOptionProbe.Socket() {
            @Override
            public void set(SocketOption<Boolean> option, boolean value) throws IOException {
                calls.add("set " + option + " " + value);
                if (!known.test(option)) {
                    // what WSAENOPROTOOPT or WSAEINVAL from setsockopt becomes
                    throw new SocketException("set " + option + " on socket 7: (WSAENOPROTOOPT)");
                }
                values.put(option, value);
            }

            @Override
            public boolean get(SocketOption<Boolean> option) throws IOException {
                calls.add("get " + option);
                return readsBack ? values.get(option) : false;
            }

            @Override
            public void close() {
                closed++;
            }
        };
    }

    @Test
    void onAWindowsWithoutPassthruOnlyHighVtlIsTakenAndTheProbeRunsOnce() {
        HyperVOptionProbe probe = new HyperVOptionProbe(() -> socket(o -> o != HvSocketOptions.CONTAINER_PASSTHRU,
                true), () -> WINDOWS_11_22H2);
        assertEquals(Set.of(HvSocketOptions.HIGH_VTL), probe.accepted());
        assertEquals(Set.of(HvSocketOptions.HIGH_VTL), probe.accepted());
        assertEquals(1, opened, "once per process");
        assertEquals(1, closed, "the socket is closed again");
        assertEquals(List.of("set HIGH_VTL true", "get HIGH_VTL", "set HIGH_VTL false", "get HIGH_VTL"), calls,
                "PASSTHRU is not even tried on 22H2");
    }

    @Test
    void whereWindowsAcceptsEveryOptionTheBuildDecides() {
        // setsockopt takes and reads back an option this build does not implement: acceptance proves nothing
        // (before, both options were advertised everywhere the calls succeeded)
        assertEquals(Set.of(HvSocketOptions.CONTAINER_PASSTHRU), acceptingEverything(SERVER_2022).accepted());
        assertEquals(Set.of(HvSocketOptions.HIGH_VTL), acceptingEverything(WINDOWS_11_22H2).accepted());
        assertEquals(Set.of(HvSocketOptions.HIGH_VTL), acceptingEverything(SERVER_2025).accepted());
        assertEquals(Set.of(), acceptingEverything(WINDOWS_10_1607).accepted(), "PASSTHRU came with 1709");
        int before = opened;
        assertEquals(Set.of(), acceptingEverything(0).accepted(), "an unknown build has none");
        assertEquals(before, opened, "and opens no socket to try");
    }

    private HyperVOptionProbe acceptingEverything(int build) {
        return new HyperVOptionProbe(() -> socket(o -> true, true), () -> build);
    }

    @Test
    void onAnOlderWindowsPassthruIsTakenAndHighVtlIsNot() {
        HyperVOptionProbe probe = new HyperVOptionProbe(() -> socket(o -> o != HvSocketOptions.HIGH_VTL, true),
                () -> SERVER_2022);
        assertEquals(Set.of(HvSocketOptions.CONTAINER_PASSTHRU), probe.accepted());
    }

    @Test
    void anOptionThatDoesNotReadBackWhatWasSetIsNotTaken() {
        HyperVOptionProbe probe = new HyperVOptionProbe(() -> socket(o -> true, false), () -> WINDOWS_11_22H2);
        assertTrue(probe.accepted().isEmpty());
        assertEquals(1, closed);
    }

    @Test
    void withoutHyperVSocketsNothingIsTaken() {
        HyperVOptionProbe unsupported = new HyperVOptionProbe(() -> {
            throw new UnsupportedOperationException("AF_HYPERV sockets are not available here");
        }, () -> WINDOWS_11_22H2);
        assertTrue(unsupported.accepted().isEmpty());
        HyperVOptionProbe failing = new HyperVOptionProbe(() -> {
            throw new SocketException("cannot open a Hyper-V socket: system property ... is not a number");
        }, () -> WINDOWS_11_22H2);
        assertTrue(failing.accepted().isEmpty());
    }
}
