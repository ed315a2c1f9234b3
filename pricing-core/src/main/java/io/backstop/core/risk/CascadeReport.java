package io.backstop.core.risk;

import java.util.List;

/**
 * Deterministic cascade metrics at the current state (MODEL.md section 4).
 *
 * @param assetIds order of the amplification matrix's rows and columns
 * @param cascadeIndex rho(J) at current prices
 * @param runaway cascadeIndex >= 1
 * @param amplification (I - J)^-1 as rows, or null when runaway
 * @param fragilityCurve rho(J) after uniform shocks of -10, -20, -30 and -50%
 * @param gammaExposure per asset with options
 * @param liquidationProfiles per collateral asset
 */
public record CascadeReport(
    List<String> assetIds,
    double cascadeIndex,
    boolean runaway,
    double[][] amplification,
    List<FragilityPoint> fragilityCurve,
    List<GammaExposure> gammaExposure,
    List<LiquidationProfile> liquidationProfiles) {
  /** Copies the lists. */
  public CascadeReport {
    assetIds = List.copyOf(assetIds);
    fragilityCurve = List.copyOf(fragilityCurve);
    gammaExposure = List.copyOf(gammaExposure);
    liquidationProfiles = List.copyOf(liquidationProfiles);
  }
}
