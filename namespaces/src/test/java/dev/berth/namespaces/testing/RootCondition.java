package dev.berth.namespaces.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Disables what {@link RequiresRoot} marks, with its reason, unless the JVM runs as root. */
public final class RootCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<RequiresRoot> marked = AnnotationSupport.findAnnotation(context.getElement(), RequiresRoot.class);
        if (marked.isEmpty()) {
            return ConditionEvaluationResult.enabled("not marked @RequiresRoot");
        }
        return Root.isRoot()
                ? ConditionEvaluationResult.enabled("runs as root")
                : ConditionEvaluationResult.disabled("needs root: " + marked.get().value());
    }
}
