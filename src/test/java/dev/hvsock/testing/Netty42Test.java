package dev.hvsock.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test (or a class of them) of a framework that runs on Netty 4.2 only: Reactor Netty 1.3 and Vert.x 5.
 * Tagged {@code netty}, like {@link NettyTest}, and {@code netty42}, which the build leaves out of the run on
 * Netty 4.1: it runs once, with every Netty jar swapped for 4.2's (pom.xml, surefire's execution
 * test-on-netty-4.2; in the QEMU guest, the second run of src/test/vm/vsock-suite.sh).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("netty")
@Tag("netty42")
public @interface Netty42Test {
}
