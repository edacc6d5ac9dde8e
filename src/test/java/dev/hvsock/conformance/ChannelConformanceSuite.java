package dev.hvsock.conformance;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The NIO contract of hvsock-nio's channels and selectors, written once and run per family.
 *
 * <p>The contract is split into groups ({@link #CONTRACT_GROUPS}), each an abstract class of tests that
 * take a {@link ChannelFixture}. A family's concrete subclass nests one {@code @Nested} class per group
 * handing it the family's fixture; nesting them there, rather than here, keeps each family's results
 * under its own name in the reports. {@link #nestsEveryContractGroup()} makes sure no family forgets one.
 * A family that cannot run on this machine skips every test, saying why.
 */
public abstract class ChannelConformanceSuite {
    /** Every group of the contract; each family runs all of them. */
    static final List<Class<? extends ContractBase>> CONTRACT_GROUPS = List.of(
            ConnectContract.class,
            AcceptContract.class,
            ReadWriteContract.class,
            ScatterGatherContract.class,
            ShutdownContract.class,
            AddressContract.class,
            OptionContract.class,
            AdaptorContract.class,
            RegistrationContract.class,
            SelectorContract.class,
            KeyLifecycleContract.class,
            AsyncCloseContract.class,
            ConcurrencyContract.class,
            VirtualThreadContract.class);

    @Test
    void nestsEveryContractGroup() {
        Set<Class<?>> nested = Arrays.stream(getClass().getDeclaredClasses())
                .filter(c -> c.isAnnotationPresent(Nested.class))
                .map(Class::getSuperclass)
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(CONTRACT_GROUPS), nested, getClass().getSimpleName() + " runs every contract group");
    }
}
