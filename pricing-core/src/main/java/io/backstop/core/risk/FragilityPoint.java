package io.backstop.core.risk;

/**
 * Cascade index after a uniform shock.
 *
 * @param shockFraction uniform shock applied to every asset (-0.2 is a 20% fall)
 * @param cascadeIndex rho(J) at the shocked prices
 */
public record FragilityPoint(double shockFraction, double cascadeIndex) {}
