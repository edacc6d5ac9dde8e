package dev.hvsock.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (or a class of them) that observes what only a Linux host has ({@link LinuxHostFeature}): run where
 * this machine has it, skipped with the reason elsewhere (Windows, in the GitHub workflow). Nothing promises
 * these features, so a missing one is never a failure. {@code LinuxOnlyTestsAreGatedTest} keeps every test
 * source that reads {@code /proc} or expects Linux's errno names under this annotation.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LinuxHostCondition.class)
public @interface LinuxHostTest {
    /** What the test needs of the host. */
    LinuxHostFeature[] value();
}
