package dev.hvsock.conformance;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The NIO contract of hvsock-nio's channels and selectors, declared once and run per family.
 *
 * <p>The contract is split into groups ({@link #CONTRACT_GROUPS}), each an abstract class of tests that
 * take a {@link ChannelFixture}; this class nests one {@code @Nested} class per group, handing it the
 * family's fixture. A family is a subclass that names its fixture and carries the annotations that say
 * where it can run ({@code @VsockTest}, {@code @HyperVTest}); JUnit runs the inherited {@code @Nested}
 * classes under each family, and surefire reports each family's results in a file of its own.
 *
 * <p>One family is the JDK's own Unix channels ({@link JdkUnixConformanceTest}): the reference. A test that
 * checks what only this library promises, or where the JDK does not keep its specification, {@link Requires}
 * a {@link Feature}, and is skipped for the JDK with the reason.
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

    private final ChannelFixture family;

    protected ChannelConformanceSuite(ChannelFixture family) {
        this.family = family;
    }

    @Test
    void nestsEveryContractGroup() {
        Set<Class<?>> nested = Arrays.stream(ChannelConformanceSuite.class.getDeclaredClasses())
                .filter(c -> c.isAnnotationPresent(Nested.class))
                .map(Class::getSuperclass)
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(CONTRACT_GROUPS), nested, getClass().getSimpleName() + " runs every contract group");
    }

    @Nested
    class Connecting extends ConnectContract {
        Connecting() {
            super(family);
        }
    }

    @Nested
    class Accepting extends AcceptContract {
        Accepting() {
            super(family);
        }
    }

    @Nested
    class ReadingAndWriting extends ReadWriteContract {
        ReadingAndWriting() {
            super(family);
        }
    }

    @Nested
    class ScatteringAndGathering extends ScatterGatherContract {
        ScatteringAndGathering() {
            super(family);
        }
    }

    @Nested
    class ShuttingDown extends ShutdownContract {
        ShuttingDown() {
            super(family);
        }
    }

    @Nested
    class Addresses extends AddressContract {
        Addresses() {
            super(family);
        }
    }

    @Nested
    class Options extends OptionContract {
        Options() {
            super(family);
        }
    }

    @Nested
    class Adaptors extends AdaptorContract {
        Adaptors() {
            super(family);
        }
    }

    @Nested
    class Registering extends RegistrationContract {
        Registering() {
            super(family);
        }
    }

    @Nested
    class Selecting extends SelectorContract {
        Selecting() {
            super(family);
        }
    }

    @Nested
    class KeyLifecycle extends KeyLifecycleContract {
        KeyLifecycle() {
            super(family);
        }
    }

    @Nested
    class AsynchronousClose extends AsyncCloseContract {
        AsynchronousClose() {
            super(family);
        }
    }

    @Nested
    class Concurrency extends ConcurrencyContract {
        Concurrency() {
            super(family);
        }
    }

    @Nested
    class VirtualThreads extends VirtualThreadContract {
        VirtualThreads() {
            super(family);
        }
    }
}
