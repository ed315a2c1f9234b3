package io.backstop.core.sim;

import java.util.List;

/**
 * The deterministic cascade after an exogenous shock.
 *
 * @param assetIds asset order
 * @param rounds round 0 (the shock) and each cascade round after it
 * @param badDebtUsd bad debt after the cascade (realised plus shortfall at the final prices), USD
 * @param badDebtAfterFundUsd max(0, bad debt - insurance fund), USD
 * @param liquidatedUsd proceeds of all collateral liquidated, USD
 * @param runaway true when the round cap was reached with the cascade still moving
 */
public record StressPath(
    List<String> assetIds,
    List<StressRound> rounds,
    double badDebtUsd,
    double badDebtAfterFundUsd,
    double liquidatedUsd,
    boolean runaway) {
  /** Copies the lists. */
  public StressPath {
    assetIds = List.copyOf(assetIds);
    rounds = List.copyOf(rounds);
  }
}
