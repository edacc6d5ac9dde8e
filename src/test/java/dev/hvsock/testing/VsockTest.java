package dev.hvsock.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (or a class of them) that needs vsock: tagged {@code vsock}, which the QEMU guest stage selects
 * (src/test/vm/vsock-suite.sh), and run only where this machine has every {@link VsockCapability} named;
 * elsewhere it is skipped with the reason, and where {@value VsockCondition#EXPECT_LOOPBACK_ENV}{@code =1}
 * promises vsock_loopback (the guest, src/test/vm/run-in-guest.sh) a missing transport fails it. The
 * annotation nearest to a test decides (a method's replaces its class's), so a method names all it needs.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("vsock")
@ExtendWith(VsockCondition.class)
public @interface VsockTest {
    /** What the test needs, probed in this order: by default the loopback transport, to carry data to CID 1. */
    VsockCapability[] value() default VsockCapability.LOOPBACK;
}
