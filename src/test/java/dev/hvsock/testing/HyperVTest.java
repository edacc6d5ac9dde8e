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
 * A test (or a class of them) that needs Hyper-V sockets on Windows: tagged {@code windows}, and run only
 * where this machine has every {@link HyperVCapability} named; elsewhere it is skipped with the reason,
 * and where {@value HyperVCondition#EXPECT_HYPERV_ENV}{@code =1} says this machine is meant to have
 * everything (a Hyper-V host run as administrator, docs/windows.md) a missing one fails it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("windows")
@ExtendWith(HyperVCondition.class)
public @interface HyperVTest {
    /** What the test needs: by default AF_HYPERV sockets. */
    HyperVCapability[] value() default HyperVCapability.SOCKETS;
}
