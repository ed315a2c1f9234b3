package io.backstop.core.sim;

import io.backstop.core.model.Violation;
import java.util.List;

/**
 * A request broke a cross-field rule of {@link io.backstop.core.model.ExposureRules}. The service
 * validates before calling the engine, so reaching this is a bug of the caller, but the engine
 * refuses rather than simulate garbage.
 */
public final class InvalidExposureException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The violations found, paths relative to the exposure. */
  private final transient List<Violation> violations;

  /** An exception listing the violations. */
  public InvalidExposureException(List<Violation> violations) {
    super("invalid exposure: " + violations);
    this.violations = List.copyOf(violations);
  }

  /** The violations found. */
  public List<Violation> violations() {
    return violations;
  }
}
