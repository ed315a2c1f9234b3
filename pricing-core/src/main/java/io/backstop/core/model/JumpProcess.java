package io.backstop.core.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Compound-Poisson jumps of the log price: N ~ Poisson(intensityPerYear x dt) jumps per step, each
 * log jump ~ Normal(meanLogJump, stdLogJump^2). The simulation subtracts the compensator
 * intensityPerYear x (exp(meanLogJump + stdLogJump^2 / 2) - 1) x dt from the drift, so jumps do not
 * change the expected price. A year is 365 days of 24 hours.
 *
 * @param intensityPerYear expected number of jumps per year, in [0, 1e5] (0 switches jumps off;
 *     100,000 a year is 11 an hour: beyond, the jumps are the diffusion, and at 7.5e13 a year the
 *     draws' count overflowed and removed the jumps but not their compensator)
 * @param meanLogJump mean of the log jump size (-0.3 is a typical 26% fall)
 * @param stdLogJump standard deviation of the log jump size, >= 0
 */
public record JumpProcess(
    @Finite
        @PositiveOrZero(message = JumpProcess.INTENSITY_MESSAGE)
        @DecimalMax(value = "1e5", message = JumpProcess.INTENSITY_MESSAGE)
        double intensityPerYear,
    @Finite double meanLogJump,
    @Finite @PositiveOrZero(message = "must be >= 0 (a standard deviation of the log jump)")
        double stdLogJump) {

  /** Message of a bad {@code intensityPerYear}. */
  public static final String INTENSITY_MESSAGE =
      "must be >= 0 and at most 100000 (expected jumps per year: 11 an hour)";
}
