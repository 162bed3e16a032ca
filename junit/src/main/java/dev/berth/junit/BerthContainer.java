package dev.berth.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a field of type {@link dev.berth.ContainerBuilder} in a {@link BerthTest} class: the
 * extension starts the container before the tests and removes it after them, once for the
 * class if the field is static, around each test if it is not (Testcontainers'
 * {@code @Container} rules). Tests and lifecycle methods get the started
 * {@link dev.berth.Container} as a parameter: any {@code Container} parameter when the class
 * has one such field, else one annotated {@code @BerthContainer("fieldName")}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface BerthContainer {
    /** On a parameter: the name of the field whose container it receives. */
    String value() default "";
}
