package io.backstop.core.market;

/**
 * Decay of transient impact over one step: I *= 2^(-dt / halfLife). A half-life of 0 is the neutral
 * value "impact does not decay within the horizon", factor 1.
 */
public final class ImpactDecay {
  private ImpactDecay() {}

  /** The factor 2^(-stepMinutes / halfLifeMinutes), or 1 when halfLifeMinutes is 0. */
  public static double factorPerStep(double stepMinutes, double halfLifeMinutes) {
    return halfLifeMinutes > 0 ? Math.pow(2, -stepMinutes / halfLifeMinutes) : 1;
  }
}
