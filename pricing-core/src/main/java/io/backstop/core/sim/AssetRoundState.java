package io.backstop.core.sim;

/**
 * One asset after one stress round.
 *
 * @param assetId the asset
 * @param priceUsd market price after the round, USD
 * @param liquidatedUsd proceeds of this asset's collateral liquidated in the round, USD
 * @param dealerHedgeUsd dealers' hedge sales of this asset in the round, USD (negative: purchases)
 */
public record AssetRoundState(
    String assetId, double priceUsd, double liquidatedUsd, double dealerHedgeUsd) {}
