package io.backstop.core.risk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The reported standard errors are calibrated: over many independent samples, the spread of the
 * estimates matches the mean reported standard error.
 */
class TailStatisticsCalibrationTest {

  /**
   * 400 independent samples of N = 5,000 exponential losses (mean 1,000 USD). For EL and for ES at
   * 0.95 and 0.99 (250 and 50 tail scenarios), the ratio of the empirical standard deviation of the
   * estimate to the mean reported standard error must lie in [1/1.2, 1.2]. Why 1.2: the empirical
   * standard deviation of 400 draws has a relative error of about 1/sqrt(2 x 400) = 3.5% (and a
   * little more for the skewed ES estimates), so 1.2 is more than four of those; an estimator wrong
   * by the VaR term a (ES - VaR)^2, or by a factor sqrt(1 - a), would be off by 40% or more and
   * fail.
   */
  @Test
  void expectedShortfallStandardErrorIsCalibrated() {
    int samples = 400;
    int n = 5_000;
    double[] levels = {0.95, 0.99};
    double[][] estimates = new double[levels.length + 1][samples];
    double[][] reported = new double[levels.length + 1][samples];
    SplittableRandom root = new SplittableRandom(123);
    double[] losses = new double[n];
    for (int s = 0; s < samples; s++) {
      SplittableRandom rng = root.split();
      for (int i = 0; i < n; i++) {
        losses[i] = -1000.0 * Math.log1p(-rng.nextDouble());
      }
      TailLossResult r = TailStatistics.DEFAULT.compute(losses, levels);
      estimates[0][s] = r.expectedLossUsd();
      reported[0][s] = r.expectedLossStdErrorUsd();
      for (int j = 0; j < levels.length; j++) {
        estimates[j + 1][s] = r.levels().get(j).esUsd();
        reported[j + 1][s] = r.levels().get(j).esStdErrorUsd();
      }
    }
    for (int j = 0; j < estimates.length; j++) {
      double ratio = standardDeviation(estimates[j]) / mean(reported[j]);
      String what = j == 0 ? "EL" : "ES at " + levels[j - 1];
      assertTrue(ratio > 1 / 1.2 && ratio < 1.2, what + ": empirical / reported = " + ratio);
    }
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  static double standardDeviation(double[] values) {
    double mean = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / (values.length - 1));
  }
}
