package dev.hvsock.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The one rule for tests that need something of the machine (a vsock transport, Hyper-V): where it is
 * missing the test is skipped, saying what is missing and where the test does run; where the run promises
 * it ({@link #expectEnv()}{@code =1}, e.g. the QEMU guest) a missing prerequisite fails the test instead,
 * so that such a run cannot pass by skipping. A prerequisite that no run promises ({@link
 * Prerequisite#promisedByTheRun()}, such as who runs the test) only ever skips.
 *
 * <p>The decision is made for each test (each invocation of a parameterized test), never for a whole
 * class: every test is then reported, run or skipped with its reason, and a class's count is the same
 * everywhere. What a test needs is the annotation nearest to it: on the method, its class, or the class
 * that encloses a {@code @Nested} class at run time (a conformance family that inherits its groups).
 *
 * @param <A> the annotation that says what is needed
 */
abstract class PrerequisiteCondition<A extends Annotation> implements ExecutionCondition {
    /** The answers of the probes, kept for the run: empty for "present". */
    private static final Map<Prerequisite, Optional<String>> PROBED = new ConcurrentHashMap<>();

    private final Class<A> annotationType;

    PrerequisiteCondition(Class<A> annotationType) {
        this.annotationType = annotationType;
    }

    /** What the annotation asks for. */
    abstract List<? extends Prerequisite> needed(A needs);

    /** The environment variable that, set to 1, promises the prerequisites: then a missing one is a failure. */
    abstract String expectEnv();

    /** Where the tests do run, for the reason of a skip. */
    abstract String whereTheyRun();

    @Override
    public final ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        // A test method has its instance by now; a class, or the method of a parameterized test before its
        // invocations, has none: those are left to their tests.
        if (context.getTestMethod().isEmpty() || context.getTestInstance().isEmpty()) {
            return ConditionEvaluationResult.enabled("decided for each test");
        }
        A needs = nearestAnnotation(context).orElse(null);
        if (needs == null) {
            return ConditionEvaluationResult.enabled("no " + annotationType.getSimpleName() + " here");
        }
        Missing missing = firstMissing(needed(needs));
        if (missing == null) {
            return ConditionEvaluationResult.enabled("this machine has what the test needs");
        }
        if (!missing.prerequisite().promisedByTheRun()) {
            return ConditionEvaluationResult.disabled(missing.reason());
        }
        if ("1".equals(System.getenv(expectEnv()))) {
            throw new AssertionError(expectEnv() + "=1 promises what this test needs, but " + missing.reason());
        }
        return ConditionEvaluationResult.disabled(missing.reason() + "; " + whereTheyRun());
    }

    /** The first prerequisite this machine lacks, with the reason, or {@code null}. */
    private static Missing firstMissing(List<? extends Prerequisite> needed) {
        for (Prerequisite prerequisite : needed) {
            String reason = PROBED.computeIfAbsent(prerequisite, p -> Optional.ofNullable(p.probe())).orElse(null);
            if (reason != null) {
                return new Missing(prerequisite, reason);
            }
        }
        return null;
    }

    private record Missing(Prerequisite prerequisite, String reason) {
    }

    private Optional<A> nearestAnnotation(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<AnnotatedElement> element = c.getElement();
            if (element.isPresent()) {
                Optional<A> found = AnnotationSupport.findAnnotation(element.get(), annotationType);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
