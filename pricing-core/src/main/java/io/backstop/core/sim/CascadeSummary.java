package io.backstop.core.sim;

/**
 * Means over the scenarios of a run, reduced in scenario order (so they are bit-reproducible).
 *
 * @param meanRounds mean number of cascade rounds with at least one liquidation per scenario
 * @param liquidatedUsdMean mean USD of proceeds of liquidated collateral per scenario
 * @param breakerTripProbability fraction of scenarios in which any circuit breaker tripped
 */
public record CascadeSummary(
    double meanRounds, double liquidatedUsdMean, double breakerTripProbability) {}
