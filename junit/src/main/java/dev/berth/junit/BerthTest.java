package dev.berth.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose {@link BerthContainer} fields Berth starts and removes, as
 * Testcontainers' {@code @Testcontainers} does
 * (<a href="https://java.testcontainers.org/test_framework_integration/junit_5/">JUnit 5
 * integration</a>). Where this host cannot run containers (not root, or the stage-1 helper
 * cannot start), the class's tests are skipped with the reason.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(BerthExtension.class)
public @interface BerthTest {
}
