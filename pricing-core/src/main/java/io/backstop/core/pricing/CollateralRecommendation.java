package io.backstop.core.pricing;

import io.backstop.core.model.AssetClass;

/**
 * Risk-adjusted collateral parameters of one collateral asset (proto {@code
 * backstop.v1.CollateralRecommendation}; MODEL.md section 7). Built by {@link CollateralAssessor},
 * see there for the formulas.
 *
 * @param assetId the collateral asset
 * @param assetClass its class
 * @param maxLtv maximum loan-to-value at origination, LT (1 - buffer), fraction in (0, LT); 0 when
 *     the asset is not accepted as collateral (haircut d = 1, or a bonus at {@link
 *     CollateralAssessor#MAX_BONUS}: no bonus a protocol could pay covers the liquidator)
 * @param liquidationThreshold LT = (1 - d) / (1 + b), fraction in (0, 1); 0 in the same case
 * @param liquidationBonus recommended bonus b, fraction of repaid debt
 * @param collateralRatio minimum collateral ratio 1 / maxLtv, infinite when maxLtv is 0
 * @param liquidationHorizonHours h as simulated: oracle lag + time to sell the standard position
 *     (auction included) + settlement delay, rounded to whole steps, at least one step
 * @param haircut d and its parts
 * @param highVolatility the same figures in the high-volatility regime
 * @param lowVolatility the same figures in the low-volatility regime
 * @param details inputs of the figures, for reports and the documentation
 */
public record CollateralRecommendation(
    String assetId,
    AssetClass assetClass,
    double maxLtv,
    double liquidationThreshold,
    double liquidationBonus,
    double collateralRatio,
    double liquidationHorizonHours,
    Haircut haircut,
    RegimeParameters highVolatility,
    RegimeParameters lowVolatility,
    Details details) {

  /**
   * How the figures of the base regime were obtained.
   *
   * @param standardPositionUnits units of the largest single loan's collateral (quantity / count of
   *     the bucket where that is largest)
   * @param standardPositionUsd the same at the current price, USD
   * @param oracleLagHours lag assigned to the oracle: latency, plus half the TWAP window
   * @param timeToSellHours standard position / exit capacity (0 when unlimited) + auction time
   * @param settlementDelayHours the asset's settlement delay
   * @param oracleLagSteps oracle lag in simulation steps (rounded to the nearest)
   * @param tradingSteps the settlement delay in steps (rounded to the nearest) plus the time to
   *     sell in steps (rounded up, at least one)
   * @param stepMinutes the simulation step
   * @param buffer relative buffer between LT and max LTV: maxLtv = LT (1 - buffer)
   * @param liquidatorCostFraction the class's liquidator costs included in the bonus
   * @param riskPremium the liquidator's holding-risk premium included in the bonus
   */
  public record Details(
      double standardPositionUnits,
      double standardPositionUsd,
      double oracleLagHours,
      double timeToSellHours,
      double settlementDelayHours,
      int oracleLagSteps,
      int tradingSteps,
      double stepMinutes,
      double buffer,
      double liquidatorCostFraction,
      double riskPremium) {}
}
