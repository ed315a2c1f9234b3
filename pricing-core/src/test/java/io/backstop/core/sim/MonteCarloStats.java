package io.backstop.core.sim;

import java.util.Arrays;

/**
 * Mean, standard error, VaR and ES computed locally for the tests (the product's are elsewhere).
 */
final class MonteCarloStats {
  private MonteCarloStats() {}

  static double mean(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  /** Standard error of the mean: sd / sqrt(N). */
  static double standardError(double[] x) {
    double m = mean(x);
    double ss = 0;
    for (double v : x) {
      ss += (v - m) * (v - m);
    }
    return Math.sqrt(ss / (x.length - 1) / x.length);
  }

  /** Empirical VaR: the ceil(alpha N)-th smallest loss. */
  static double valueAtRisk(double[] x, double alpha) {
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.ceil(alpha * sorted.length) - 1];
  }

  /** Empirical ES: the mean of the worst (1 - alpha) N losses. */
  static double expectedShortfall(double[] x, double alpha) {
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    int tail = (int) Math.round((1 - alpha) * sorted.length);
    double sum = 0;
    for (int i = sorted.length - tail; i < sorted.length; i++) {
      sum += sorted[i];
    }
    return sum / tail;
  }
}
