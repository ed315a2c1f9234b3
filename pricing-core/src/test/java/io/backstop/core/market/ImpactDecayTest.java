package io.backstop.core.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The per-step decay factor of transient impact, 2^(-dt / halfLife), and its neutral value. */
class ImpactDecayTest {
  @Test
  void factorIsTwoToTheMinusStepsPerHalfLifeAndOneWithoutAHalfLife() {
    // Powers of two are exact: one half-life per step halves the impact, two quarter it.
    assertEquals(0.5, ImpactDecay.factorPerStep(15, 15), 0.0);
    assertEquals(0.25, ImpactDecay.factorPerStep(30, 15), 0.0);
    // Half a half-life: 2^-0.5, to the last ulp of Math.pow.
    assertEquals(Math.sqrt(0.5), ImpactDecay.factorPerStep(15, 30), Math.ulp(Math.sqrt(0.5)));
    // A half-life of 0 means "no decay within the horizon" (factor 1), not instant decay (0).
    assertEquals(1.0, ImpactDecay.factorPerStep(15, 0), 0.0);
  }
}
