package io.backstop.core.model;

import jakarta.validation.constraints.PositiveOrZero;

/**
 * Compound-Poisson jumps of the log price: N ~ Poisson(intensityPerYear x dt) jumps per step, each
 * log jump ~ Normal(meanLogJump, stdLogJump^2). The simulation subtracts the compensator
 * intensityPerYear x (exp(meanLogJump + stdLogJump^2 / 2) - 1) x dt from the drift, so jumps do not
 * change the expected price. A year is 365 days of 24 hours.
 *
 * @param intensityPerYear expected number of jumps per year, >= 0 (0 switches jumps off)
 * @param meanLogJump mean of the log jump size (-0.3 is a typical 26% fall)
 * @param stdLogJump standard deviation of the log jump size, >= 0
 */
public record JumpProcess(
    @Finite @PositiveOrZero(message = "must be >= 0 (expected jumps per year)")
        double intensityPerYear,
    @Finite double meanLogJump,
    @Finite @PositiveOrZero(message = "must be >= 0 (a standard deviation of the log jump)")
        double stdLogJump) {}
