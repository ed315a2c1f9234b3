package io.backstop.service.app;

/**
 * Published request limits. A request over any of them is rejected with INVALID_ARGUMENT naming the
 * limit and the value; they bound memory and CPU per call so that no request can exhaust the
 * server. Defaults are sized for a 2-core, 512 MiB-heap pod; operators override them by
 * configuration ({@code backstop.limits.*}).
 */
public record RequestLimits(
    int maxAssets,
    int maxLoanBuckets,
    int maxOptions,
    int maxBidLevels,
    int maxScenarios,
    int maxSteps,
    long maxScenarioSteps,
    int maxMessageBytes,
    int maxCorrelations,
    int maxCrossImpacts,
    int maxConfidenceLevels,
    int maxShocks,
    double maxTermDays,
    double maxHorizonHours,
    int maxRounds,
    long maxWorkUnits) {

  /** The limits the service publishes when nothing is configured. */
  public static final RequestLimits DEFAULT =
      new RequestLimits(
          32, // assets
          2_000, // loan buckets
          1_000, // option positions
          256, // levels per bid ladder
          200_000, // scenarios
          2_880, // steps per horizon: 30 days of 15-minute steps
          20_000_000L, // scenarios x steps: about two seconds of engine time on two cores
          4 * 1024 * 1024, // inbound message bytes
          32 * 31 / 2, // correlations: every pair of the largest exposure
          32 * 31, // cross-impact entries: every ordered pair
          16, // confidence levels
          32, // shocks
          366.0, // cover term, days
          720.0, // horizon, hours (30 days)
          100, // cascade rounds of a stress test
          // work units: the call's estimated engine nanoseconds on one core (WorkEstimate; the
          // default crypto quote is about 0.5 billion). One minute of one core, about half a
          // minute of the two a pod has.
          60_000_000_000L);

  /** The same limits as the proto message published by GetModelInfo. */
  public io.backstop.proto.v1.RequestLimits toProto() {
    return io.backstop.proto.v1.RequestLimits.newBuilder()
        .setMaxAssets(maxAssets)
        .setMaxLoanBuckets(maxLoanBuckets)
        .setMaxOptions(maxOptions)
        .setMaxBidLevels(maxBidLevels)
        .setMaxScenarios(maxScenarios)
        .setMaxSteps(maxSteps)
        .setMaxScenarioSteps(maxScenarioSteps)
        .setMaxMessageBytes(maxMessageBytes)
        .setMaxCorrelations(maxCorrelations)
        .setMaxCrossImpacts(maxCrossImpacts)
        .setMaxConfidenceLevels(maxConfidenceLevels)
        .setMaxShocks(maxShocks)
        .setMaxTermDays(maxTermDays)
        .setMaxHorizonHours(maxHorizonHours)
        .setMaxRounds(maxRounds)
        .setMaxWorkUnits(maxWorkUnits)
        .build();
  }
}
