package io.backstop.core.sim;

import io.backstop.core.model.RunSettings;
import java.util.List;

/**
 * Per-scenario outcomes of a Monte Carlo run, each array indexed by scenario (length N), plus their
 * summary. The arrays are owned by this result: read them, do not modify them. Tail statistics (EL,
 * VaR, ES, ...) are computed from {@link #netLossUsd()} elsewhere.
 *
 * @param assetIds asset order of the per-asset arrays
 * @param settings the settings simulated, defaults applied
 * @param steps number of steps simulated
 * @param grossLossUsd bad debt per scenario: realised in liquidations plus the shortfall of open
 *     loans at the horizon, USD
 * @param netLossUsd max(0, gross loss - insurance fund) per scenario, USD
 * @param liquidatedUsd proceeds of liquidated collateral per scenario, USD
 * @param cascadeRounds cascade rounds with at least one liquidation per scenario
 * @param minPriceUsd [asset][scenario] lowest market price seen on the path, USD
 * @param terminalPriceUsd [asset][scenario] market price at the horizon, USD
 * @param breakerTripped per scenario: did any circuit breaker trip
 * @param summary the cascade summary
 */
public record SimulationResult(
    List<String> assetIds,
    RunSettings settings,
    int steps,
    double[] grossLossUsd,
    double[] netLossUsd,
    double[] liquidatedUsd,
    int[] cascadeRounds,
    double[][] minPriceUsd,
    double[][] terminalPriceUsd,
    boolean[] breakerTripped,
    CascadeSummary summary) {}
