package dev.hvsock.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test (or a class of them) that runs Netty: tagged {@code netty}, which the build runs once on each Netty
 * line the library serves: on 4.1 with the rest of the suite, then again with every Netty jar swapped for
 * 4.2's (pom.xml, surefire's execution test-on-netty-4.2; in the QEMU guest, src/test/vm/vsock-suite.sh).
 * Its code must compile against 4.1 and use nothing that only one line has.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("netty")
public @interface NettyTest {
}
