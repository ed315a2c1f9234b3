package io.backstop.core.model;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Finite}: {@code Double.isFinite(value)}; {@code null} is valid. */
public final class FiniteValidator implements ConstraintValidator<Finite, Double> {
  @Override
  public boolean isValid(Double value, ConstraintValidatorContext context) {
    return value == null || Double.isFinite(value);
  }
}
