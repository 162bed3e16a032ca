package dev.berth.junit;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The extension behind {@link BerthTest}: skips where containers cannot run, starts the
 * {@link BerthContainer} builders (static ones before all tests, instance ones before each) and
 * closes what it started in reverse order after, so each container is stopped and removed even
 * when a test fails. Modelled on Testcontainers' {@code TestcontainersExtension}
 * (<a href="https://java.testcontainers.org/test_framework_integration/junit_5/">JUnit 5
 * integration</a>); the containers live in the JUnit store of the class or the test, so
 * JUnit closes them if a callback never runs.
 */
public final class BerthExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback,
        BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BerthExtension.class);
    private static final String STARTED = "containers";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Berth.hostUnsupportedReason().map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("this host can run Berth containers"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context, true, null);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start(context, false, context.getRequiredTestInstance());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started(context).close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        started(context).close();
    }

    private static List<Field> fields(Class<?> testClass, boolean statics) {
        List<Field> found = new ArrayList<>();
        for (Field f : AnnotationSupport.findAnnotatedFields(testClass, BerthContainer.class,
                f -> Modifier.isStatic(f.getModifiers()) == statics, HierarchyTraversalMode.TOP_DOWN)) {
            if (!ContainerBuilder.class.isAssignableFrom(f.getType()) && f.getType() != Container.class) {
                throw new ExtensionConfigurationException("@BerthContainer field " + f.getName() + " of "
                        + testClass.getName() + " is a " + f.getType().getSimpleName()
                        + ", not a ContainerBuilder (to start) or a Container (to receive one)");
            }
            found.add(f);
        }
        return found;
    }

    /** Starts the builder fields of this level, then fills its Container fields. */
    private static void start(ExtensionContext context, boolean statics, Object instance) {
        List<Field> fields = fields(context.getRequiredTestClass(), statics);
        StartedContainers started = started(context);
        for (Field f : fields) {
            if (f.getType() == Container.class) {
                continue;
            }
            ContainerBuilder<?> builder = (ContainerBuilder<?>) read(f, instance);
            if (builder == null) {
                throw new ExtensionConfigurationException("@BerthContainer field " + f.getName() + " is null");
            }
            started.add(f.getName(), builder.start());
        }
        for (Field f : fields) {
            if (f.getType() == Container.class) {
                String name = f.getAnnotation(BerthContainer.class).value();
                Container c = visible(context).get(name.isEmpty() && visible(context).size() == 1
                        ? visible(context).keySet().iterator().next() : name);
                if (c == null) {
                    throw new ExtensionConfigurationException("Container field " + f.getName()
                            + " names no started @BerthContainer builder field \"" + name + "\" (started: "
                            + visible(context).keySet() + ")");
                }
                write(f, instance, c);
            }
        }
    }

    private static Object read(Field f, Object instance) {
        try {
            f.setAccessible(true);
            return f.get(instance);
        } catch (IllegalAccessException e) {
            throw new ExtensionConfigurationException("cannot read @BerthContainer field " + f.getName(), e);
        }
    }

    private static void write(Field f, Object instance, Container c) {
        try {
            f.setAccessible(true);
            f.set(instance, c);
        } catch (IllegalAccessException e) {
            throw new ExtensionConfigurationException("cannot set @BerthContainer field " + f.getName()
                    + " (a final field cannot receive a container)", e);
        }
    }

    /** The started containers a test or class sees by builder field name; the nearer context wins. */
    private static Map<String, Container> visible(ExtensionContext context) {
        Map<String, Container> visible = new LinkedHashMap<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            c.get().getStore(NAMESPACE).getOrDefault(key(c.get()), StartedContainers.class, new StartedContainers())
                    .byField().forEach(visible::putIfAbsent);
        }
        return visible;
    }

    /**
     * The containers of this context (the class's or the test's), closed by JUnit at its end if
     * not before. Keyed by the context's id: a store lookup falls back to the parent's entries,
     * and a test must never take (and close) its class's containers as its own.
     */
    private static StartedContainers started(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(key(context), k -> new StartedContainers(),
                StartedContainers.class);
    }

    private static String key(ExtensionContext context) {
        return STARTED + " " + context.getUniqueId();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Container.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String name = parameter.findAnnotation(BerthContainer.class).map(BerthContainer::value).orElse("");
        Map<String, Container> visible = visible(context);
        if (name.isEmpty() && visible.size() == 1) {
            return visible.values().iterator().next();
        }
        Container c = visible.get(name);
        if (c == null) {
            throw new ParameterResolutionException("no started @BerthContainer field named \"" + name + "\" for parameter "
                    + parameter.getParameter() + " (started: " + visible.keySet()
                    + "); name the field with @BerthContainer(\"field\") when there are several");
        }
        return c;
    }
}
