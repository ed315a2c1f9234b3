package io.backstop.core.pricing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.CoverTerms;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The premium's reported standard error matches the spread of the premium over independent runs.
 */
class CoverPricerCalibrationTest {

  /**
   * Spread of the premium over 150 independent runs divided by the mean reported standard error.
   * Each run: a fresh sample of N = 2,000 horizon losses (hit 5% of the time, exponential with mean
   * 1 MUSD when hit) and a fresh resampling seed; a 30-day cover of daily horizons, A = 0.5 MUSD,
   * expense load 10%. 150 runs measure a standard deviation to about 1/sqrt(300) = 6%.
   */
  private static double ratio(double limitUsd, double costOfCapital) {
    int runs = 150;
    CoverPricer pricer = new CoverPricer(4_000, 10);
    CoverTerms terms = new CoverTerms(5e5, limitUsd, 30, costOfCapital, 0.1);
    double[] premiums = new double[runs];
    double[] reported = new double[runs];
    SplittableRandom root = new SplittableRandom(31);
    double[] losses = new double[2_000];
    for (int run = 0; run < runs; run++) {
      SplittableRandom rng = root.split();
      for (int i = 0; i < losses.length; i++) {
        losses[i] = rng.nextDouble() < 0.05 ? -1e6 * Math.log1p(-rng.nextDouble()) : 0.0;
      }
      PremiumQuote q = pricer.price(losses, terms, 24, rng.nextLong());
      premiums[run] = q.premiumUsd();
      reported[run] = q.premiumStdErrorUsd();
    }
    return Moments.standardDeviation(premiums) / Moments.mean(reported);
  }

  /**
   * No cost of capital: the premium is EL_term / (1 - e), a linear functional, for which batch
   * means is exact up to the noise of 10 batches. Factor 1.25 (four times the 6% of the runs).
   * Measured: 1.08. An error from the term paths alone, as if independent, would be about sqrt(30)
   * = 5.5 times too small.
   */
  @Test
  void expectedLossPremiumStandardErrorIsCalibratedWithin25Percent() {
    double ratio = ratio(5e6, 0.0);
    assertTrue(ratio > 1 / 1.25 && ratio < 1.25, "empirical / reported = " + ratio);
  }

  /**
   * Cost of capital 5/year (w = 0.41): ES99 of the 30-day aggregate carries 41% of the premium.
   * That tail is made of the few largest horizon losses (about the 99.97% per-horizon quantile), a
   * non-linear, extreme functional for which batch means of N/10 scenarios is only good to a
   * factor: measured 0.57 with the aggregate limit binding (M = 5 MUSD: the reported error is too
   * large) and 1.34 with no limit in reach (M = 1e9: too small). Stated factor 2, both ways; see
   * docs/model-tail-and-premium.md.
   */
  @Test
  void tailHeavyPremiumStandardErrorIsCalibratedWithinAFactorOfTwo() {
    for (double limit : new double[] {5e6, 1e9}) {
      double ratio = ratio(limit, 5.0);
      assertTrue(
          ratio > 0.5 && ratio < 2.0, "limit " + limit + ": empirical / reported = " + ratio);
    }
  }

  /** Small helpers, local to keep the test packages independent. */
  private static final class Moments {
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
}
