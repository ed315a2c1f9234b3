package io.backstop.core.sim;

import java.util.List;

/**
 * The state after one round of the stress path; round 0 is the shock itself.
 *
 * @param round round number, 0 for the shock
 * @param assets per-asset state, in the exposure's asset order
 * @param liquidatedUsd proceeds of collateral liquidated in the round, USD
 * @param dealerHedgeUsd dealers' hedge sales in the round, USD (negative: purchases)
 * @param badDebtUsd bad debt so far: realised plus the shortfall of open loans at this round's
 *     market prices, USD
 */
public record StressRound(
    int round,
    List<AssetRoundState> assets,
    double liquidatedUsd,
    double dealerHedgeUsd,
    double badDebtUsd) {
  /** Copies the list. */
  public StressRound {
    assets = List.copyOf(assets);
  }
}
