package io.backstop.core.pricing;

/**
 * The choices of the {@link CollateralAssessor} that are policy rather than market data.
 *
 * <ul>
 *   <li>Buffer between the liquidation threshold and the maximum LTV, relative: maxLtv = LT (1 -
 *       buffer), buffer = min(maxBuffer, max(minBuffer, bufferPerHaircut x d)). A fresh loan at max
 *       LTV then survives a move of about that fraction before it is liquidatable; riskier assets
 *       (larger d) get more room. The default 3% floor is Aave v3's WETH gap (80.5 / 83 = 0.97).
 *   <li>Liquidator risk premium in the bonus: riskPremiumStdDevs x sigma x sqrt(hold / 1 year),
 *       with hold the trading part of the horizon (time to sell + settlement): the liquidator
 *       carries the seized collateral for that long and wants a fraction of a standard deviation of
 *       its move as compensation.
 *   <li>The two regimes of the dynamic-parameter table.
 * </ul>
 *
 * @param minBuffer smallest relative buffer, in [0, 1)
 * @param bufferPerHaircut buffer per unit of haircut d, >= 0
 * @param maxBuffer largest relative buffer, in [minBuffer, 1)
 * @param riskPremiumStdDevs standard deviations of the holding-period move paid as premium, >= 0
 * @param highVolatility the stressed regime
 * @param lowVolatility the calm regime
 */
public record CollateralPolicy(
    double minBuffer,
    double bufferPerHaircut,
    double maxBuffer,
    double riskPremiumStdDevs,
    VolatilityRegime highVolatility,
    VolatilityRegime lowVolatility) {

  /** Buffer 3% floor, 0.25 x d, 50% cap; half a standard deviation; {@link VolatilityRegime}s. */
  public static final CollateralPolicy DEFAULT =
      new CollateralPolicy(0.03, 0.25, 0.5, 0.5, VolatilityRegime.HIGH, VolatilityRegime.LOW);

  /** Checks the arguments. */
  public CollateralPolicy {
    if (!(minBuffer >= 0 && minBuffer < 1)) {
      throw new IllegalArgumentException("minBuffer must be in [0, 1), was " + minBuffer);
    }
    if (!(bufferPerHaircut >= 0 && Double.isFinite(bufferPerHaircut))) {
      throw new IllegalArgumentException("bufferPerHaircut must be >= 0, was " + bufferPerHaircut);
    }
    if (!(maxBuffer >= minBuffer && maxBuffer < 1)) {
      throw new IllegalArgumentException(
          "maxBuffer must be in [minBuffer, 1), was "
              + maxBuffer
              + " (minBuffer "
              + minBuffer
              + ")");
    }
    if (!(riskPremiumStdDevs >= 0 && Double.isFinite(riskPremiumStdDevs))) {
      throw new IllegalArgumentException(
          "riskPremiumStdDevs must be >= 0, was " + riskPremiumStdDevs);
    }
    if (highVolatility == null || lowVolatility == null) {
      throw new IllegalArgumentException("both regimes are required");
    }
  }

  /** The relative buffer for haircut d. */
  public double buffer(double d) {
    return Math.min(maxBuffer, Math.max(minBuffer, bufferPerHaircut * d));
  }
}
