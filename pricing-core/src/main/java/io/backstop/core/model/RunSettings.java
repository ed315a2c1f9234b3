package io.backstop.core.model;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * Monte Carlo settings. Zero (or empty) fields take the defaults below through {@link
 * #withDefaults()}: N = 10,000 scenarios, H = 24 hours, dt = 15 minutes, confidence levels {0.95,
 * 0.99, 0.995}. The seed has no default: 0 is a valid seed.
 *
 * @param scenarios number of scenarios N, >= 0; 0 means {@link #DEFAULT_SCENARIOS}
 * @param seed seed of the per-scenario random streams
 * @param horizonHours horizon H, hours, >= 0; 0 means {@link #DEFAULT_HORIZON_HOURS}
 * @param stepMinutes step dt, minutes, >= 0 and at most the horizon; 0 means {@link
 *     #DEFAULT_STEP_MINUTES}
 * @param confidenceLevels VaR/ES levels, each in (0, 1); empty means {@link
 *     #DEFAULT_CONFIDENCE_LEVELS}
 */
public record RunSettings(
    @PositiveOrZero(message = "must be >= 0 (0: the default 10,000)") int scenarios,
    long seed,
    @Finite @PositiveOrZero(message = "must be >= 0 hours (0: the default 24)") double horizonHours,
    @Finite @PositiveOrZero(message = "must be >= 0 minutes (0: the default 15)")
        double stepMinutes,
    List<@NotNull @Finite Double> confidenceLevels) {

  /** Default number of scenarios. */
  public static final int DEFAULT_SCENARIOS = 10_000;

  /** Default horizon, hours. */
  public static final double DEFAULT_HORIZON_HOURS = 24;

  /** Default step, minutes. */
  public static final double DEFAULT_STEP_MINUTES = 15;

  /** Default confidence levels. */
  public static final List<Double> DEFAULT_CONFIDENCE_LEVELS = List.of(0.95, 0.99, 0.995);

  /** Copies the list so the record stays immutable; null becomes empty. */
  public RunSettings {
    confidenceLevels = confidenceLevels == null ? List.of() : List.copyOf(confidenceLevels);
  }

  /** All defaults with the given seed. */
  public static RunSettings defaults(long seed) {
    return new RunSettings(0, seed, 0, 0, List.of()).withDefaults();
  }

  /** These settings with every zero or empty field replaced by its default. */
  public RunSettings withDefaults() {
    return new RunSettings(
        scenarios == 0 ? DEFAULT_SCENARIOS : scenarios,
        seed,
        horizonHours == 0 ? DEFAULT_HORIZON_HOURS : horizonHours,
        stepMinutes == 0 ? DEFAULT_STEP_MINUTES : stepMinutes,
        confidenceLevels.isEmpty() ? DEFAULT_CONFIDENCE_LEVELS : confidenceLevels);
  }

  /**
   * Number of simulation steps n = ceil(H x 60 / dt). When dt does not divide the horizon, the
   * simulation uses n equal steps of {@link #effectiveStepMinutes()} (slightly shorter than dt) so
   * that the horizon is exactly H. Call on settings after {@link #withDefaults()}.
   */
  public int steps() {
    return Math.max(1, (int) stepsCovering(horizonHours * 60.0, stepMinutes));
  }

  /**
   * Tolerance of {@link #stepsCovering}: a quotient within it of a whole number is that number, so
   * that floating error in H x 60 / dt (24 h of 0.1-minute steps) does not add a step.
   */
  public static final double STEP_ROUNDING = 1e-9;

  /** Whole steps of {@code stepMinutes} that cover {@code minutes}: ceil(minutes / step). */
  public static double stepsCovering(double minutes, double stepMinutes) {
    return Math.ceil(minutes / stepMinutes - STEP_ROUNDING);
  }

  /** The step actually simulated: H x 60 / {@link #steps()} minutes. */
  public double effectiveStepMinutes() {
    return horizonHours * 60.0 / steps();
  }
}
