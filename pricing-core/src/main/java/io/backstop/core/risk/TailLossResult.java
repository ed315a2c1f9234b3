package io.backstop.core.risk;

import java.util.List;

/**
 * Distribution of the protocol's loss over one horizon, from N scenario losses (proto {@code
 * backstop.v1.TailLoss}). Built by {@link TailStatistics}; see there for every formula.
 *
 * @param expectedLossUsd EL = (1/N) sum L_i, USD
 * @param stdDevUsd sample standard deviation sqrt(sum (L_i - EL)^2 / (N - 1)), USD; 0 when N = 1
 * @param lossProbability #{i : L_i > 0} / N
 * @param levels VaR and ES at each requested confidence level, in the order requested
 * @param exceedance P(L > x) at log-spaced x from the smallest positive loss to the largest loss;
 *     empty when no loss is positive
 * @param expectedLossStdErrorUsd Monte Carlo standard error of EL, stdDev / sqrt(N), USD; {@code
 *     NaN} when N = 1
 * @param grossExpectedLossUsd mean loss before the insurance fund, USD, as supplied by the caller
 *     (equal to {@code expectedLossUsd} when the caller has no fund to report)
 * @param scenarios N, the number of losses the statistics come from
 */
public record TailLossResult(
    double expectedLossUsd,
    double stdDevUsd,
    double lossProbability,
    List<TailLevel> levels,
    List<ExceedancePoint> exceedance,
    double expectedLossStdErrorUsd,
    double grossExpectedLossUsd,
    int scenarios) {

  /** Copies the lists so that the result is immutable. */
  public TailLossResult {
    levels = List.copyOf(levels);
    exceedance = List.copyOf(exceedance);
  }

  /**
   * The level computed for {@code confidence}.
   *
   * @throws IllegalArgumentException if that level was not requested
   */
  public TailLevel level(double confidence) {
    for (TailLevel level : levels) {
      if (level.confidence() == confidence) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "confidence " + confidence + " was not computed; levels are " + levels);
  }
}
