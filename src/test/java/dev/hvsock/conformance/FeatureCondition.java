package dev.hvsock.conformance;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Skips a {@link Requires} test for a family that lacks a feature it needs, with the family's reasons.
 * Decided for each test (each invocation of a parameterized one), once the test instance, and with it the
 * family, is there.
 */
final class FeatureCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty() || context.getTestInstance().isEmpty()
                || !(context.getTestInstance().get() instanceof ContractBase contract)) {
            return ConditionEvaluationResult.enabled("decided for each test");
        }
        Set<Feature> needed = new LinkedHashSet<>();
        for (AnnotatedElement element : List.<AnnotatedElement>of(context.getRequiredTestClass(),
                context.getRequiredTestMethod())) {
            AnnotationSupport.findAnnotation(element, Requires.class).ifPresent(r -> needed.addAll(List.of(r.value())));
        }
        List<String> lacking = new ArrayList<>();
        for (Feature feature : needed) {
            String reason = contract.fixture().lacks(feature);
            if (reason != null) {
                lacking.add(reason);
            }
        }
        return lacking.isEmpty()
                ? ConditionEvaluationResult.enabled(contract.fixture().family() + " has " + needed)
                : ConditionEvaluationResult.disabled(String.join("; ", lacking));
    }
}
