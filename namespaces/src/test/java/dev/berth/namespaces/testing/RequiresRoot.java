package dev.berth.namespaces.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs root (namespaces, mounts, cgroups, host users): it
 * carries the tag {@code root}, so that a run can pick or leave out that set
 * ({@code -Dgroups=root}, {@code -DexcludedGroups=root}), and is skipped, saying why, when the
 * JVM does not run as root. Subclasses of a marked class are marked too. Modelled on
 * Testcontainers' {@code @EnabledIfDockerAvailable}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("root")
@ExtendWith(RootCondition.class)
public @interface RequiresRoot {
    /** What root is needed for; the skip message is {@code needs root: <this>}. */
    String value();
}
