package io.backstop.core.risk;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Dealer gamma exposure of one asset: GEX(S) = sum dealerSign x OI x gamma_BS(S) x S^2 x 1%, USD of
 * hedge flow per 1% move (negative: dealers sell into falls).
 *
 * @param assetId the underlying
 * @param gexUsdPerPercent GEX at the current price
 * @param flipPriceUsd the price nearest to spot on the grid where GEX changes sign, linearly
 *     interpolated between grid points; empty when it does not change sign on the grid
 * @param profile GEX on the grid from -50% to +20% of spot in 1% steps
 */
public record GammaExposure(
    String assetId,
    double gexUsdPerPercent,
    OptionalDouble flipPriceUsd,
    List<PricePoint> profile) {
  /** Copies the list. */
  public GammaExposure {
    profile = List.copyOf(profile);
  }
}
