package io.backstop.core.pricing;

/**
 * Collateral parameters of one asset in one volatility regime (proto {@code
 * backstop.v1.RegimeParameters}): one row of the dynamic-parameter table of MODEL.md section 7.
 * Built by {@link CollateralAssessor}; the volatile regime never allows more LTV, a higher
 * threshold or a smaller bonus than the calm one.
 *
 * @param annualVolatility annual volatility assumed in this regime, fraction
 * @param maxLtv maximum loan-to-value at origination, LT (1 - buffer), fraction in (0, LT); 0 when
 *     the asset is not accepted as collateral (haircut d = 1, or a bonus at {@link
 *     CollateralAssessor#MAX_BONUS}: no bonus a protocol could pay covers the liquidator)
 * @param liquidationThreshold LT = (1 - d) / (1 + b), fraction in (0, 1); 0 in the same case
 * @param liquidationBonus b, fraction of repaid debt
 * @param collateralRatio 1 / maxLtv, infinite when maxLtv is 0
 * @param haircut d and its parts in this regime
 */
public record RegimeParameters(
    double annualVolatility,
    double maxLtv,
    double liquidationThreshold,
    double liquidationBonus,
    double collateralRatio,
    Haircut haircut) {}
