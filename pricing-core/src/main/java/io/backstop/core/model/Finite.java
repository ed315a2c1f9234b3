package io.backstop.core.model;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The annotated {@code double} must be a finite number: not NaN, not +/-infinity.
 *
 * <p>Needed beside {@code @Positive}, {@code @DecimalMin} and friends because those let NaN through
 * (every comparison with NaN is false), and a NaN price or volatility silently poisons a whole
 * simulation. {@code null} is valid, as for every Bean Validation constraint; pair with
 * {@code @NotNull} where a value is required.
 */
@Documented
@Constraint(validatedBy = FiniteValidator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface Finite {
  /** Message reported on a violation. */
  String message() default "must be a finite number (not NaN or infinity)";

  /** Validation groups. */
  Class<?>[] groups() default {};

  /** Payload for clients of the constraint. */
  Class<? extends Payload>[] payload() default {};
}
