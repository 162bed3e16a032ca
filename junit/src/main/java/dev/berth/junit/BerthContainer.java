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
 * {@code @Container} rules). The started {@link dev.berth.Container} reaches tests as a
 * parameter, or in a (non-final) field of type {@code Container}: either annotated
 * {@code @BerthContainer("builderFieldName")}, or without a name when there is one builder.
 * A static {@code Container} field can receive only a static builder's container.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface BerthContainer {
    /** On a parameter or a {@code Container} field: the name of the builder field whose container it receives. */
    String value() default "";
}
