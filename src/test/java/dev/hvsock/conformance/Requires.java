package dev.hvsock.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A contract test (or a whole group) that runs only for families that have every {@link Feature} named;
 * for the others it is skipped, saying why. A test needs what its method and its group require.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FeatureCondition.class)
@interface Requires {
    Feature[] value();
}
