package dev.hvsock;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link HvComputeSystems#list(Duration)}: the bound callers give the Host Compute Service's wait, as the
 * {@code DWORD} milliseconds {@code HcsWaitForOperationResult} takes (before, the wait was {@code INFINITE}).
 */
class HvComputeSystemsTimeoutTest {
    @Test
    void aTimeoutBecomesMillisecondsRoundedUpAndNeverInfinite() {
        assertEquals(240_000, HvComputeSystems.timeoutMillis(HvComputeSystems.DEFAULT_TIMEOUT));
        assertEquals(1, HvComputeSystems.timeoutMillis(Duration.ofNanos(1)));
        assertEquals(1500, HvComputeSystems.timeoutMillis(Duration.ofMillis(1500)));
        assertEquals(2, HvComputeSystems.timeoutMillis(Duration.ofNanos(1_000_001)));
        assertEquals(0xFFFF_FFFEL, Integer.toUnsignedLong(HvComputeSystems.timeoutMillis(Duration.ofDays(60))),
                "at most INFINITE (0xFFFFFFFF) less one");
        assertEquals(0xFFFF_FFFEL, Integer.toUnsignedLong(HvComputeSystems.timeoutMillis(Duration.ofSeconds(
                Long.MAX_VALUE))));
    }

    @Test
    void noTimeoutIsRefusedBeforeAnythingIsAsked() {
        assertThrows(IllegalArgumentException.class, () -> HvComputeSystems.list(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> HvComputeSystems.list(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> HvComputeSystems.list(null));
    }
}
