package io.backstop.core.risk;

import java.util.List;

/**
 * Liquidation map of one collateral asset: at each oracle price p of the grid, the USD value at p
 * of the collateral of loans liquidatable at p, sum over buckets with p Q LT < D of Q p.
 *
 * @param assetId the collateral asset
 * @param levels the map on the grid from -50% to +20% of spot in 1% steps
 */
public record LiquidationProfile(String assetId, List<PricePoint> levels) {
  /** Copies the list. */
  public LiquidationProfile {
    levels = List.copyOf(levels);
  }
}
