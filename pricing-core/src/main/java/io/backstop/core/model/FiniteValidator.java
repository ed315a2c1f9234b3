package io.backstop.core.model;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Validator of {@link Finite}: valid when null or {@code Double.isFinite(value)}. */
public final class FiniteValidator implements ConstraintValidator<Finite, Number> {

  /** Used by the Bean Validation provider. */
  public FiniteValidator() {}

  @Override
  public boolean isValid(Number value, ConstraintValidatorContext context) {
    return value == null || Double.isFinite(value.doubleValue());
  }
}
