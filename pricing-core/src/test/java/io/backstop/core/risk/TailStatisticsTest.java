package io.backstop.core.risk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TailStatisticsTest {

  private static final TailStatistics STATS = TailStatistics.DEFAULT;

  @Test
  void valueAtRiskBySelectionIsTheSortedOrderStatisticToTheBit() {
    SplittableRandom random = new SplittableRandom(11);
    double[] levels = {0.5, 0.9, 0.95, 0.99, 0.995, 0.999, 1e-4, 0.3333};
    for (int n : new int[] {1, 2, 3, 7, 100, 1000, 10_000}) {
      for (int shape = 0; shape < 3; shape++) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] =
              switch (shape) {
                case 0 -> random.nextDouble() * 1e6; // distinct
                case 1 -> random.nextInt(5); // heavy ties, zeros
                default -> i % 2 == 0 ? 0.0 : -random.nextDouble(); // sorted runs, signs
              };
        }
        double[] before = x.clone();
        for (double a : levels) {
          double expected = STATS.compute(x, new double[] {a}).level(a).varUsd();
          double selected = TailStatistics.valueAtRisk(x, a);
          assertEquals(
              Double.doubleToRawLongBits(expected),
              Double.doubleToRawLongBits(selected),
              "n=" + n + " shape=" + shape + " a=" + a);
        }
        assertArrayEquals(before, x, "the input is not modified");
      }
    }
    assertThrows(
        IllegalArgumentException.class, () -> TailStatistics.valueAtRisk(new double[] {1}, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> TailStatistics.valueAtRisk(new double[] {Double.NaN}, 0.5));
  }

  // Sorted: 0 0 1 2 3 4 5 6 7 10; sum 38.
  private static final double[] TEN = {5, 0, 10, 1, 7, 0, 3, 6, 2, 4};

  @Test
  void handCheckedTenLosses() {
    double[] input = TEN.clone();
    TailLossResult r = STATS.compute(input, new double[] {0.5, 0.75, 0.9});

    assertArrayEquals(TEN, input, "input must not be modified");
    assertEquals(10, r.scenarios());
    assertEquals(3.8, r.expectedLossUsd(), 1e-15);
    assertEquals(3.8, r.grossExpectedLossUsd(), 0.0);
    // sum of squared deviations from 3.8 is 95.6.
    assertEquals(Math.sqrt(95.6 / 9), r.stdDevUsd(), 1e-14);
    assertEquals(Math.sqrt(95.6 / 9) / Math.sqrt(10), r.expectedLossStdErrorUsd(), 1e-14);
    assertEquals(0.8, r.lossProbability(), 0.0);

    // a = 0.5: t = 5, k = 5: VaR = x(5) = 3, ES = (4 + 5 + 6 + 7 + 10) / 5.
    TailLevel half = r.level(0.5);
    assertEquals(3.0, half.varUsd(), 0.0);
    assertEquals(6.4, half.esUsd(), 1e-15);
    // a = 0.75: t = 7.5, k = 8: VaR = x(8) = 6, ES = (7 + 10 + 0.5 x 6) / 2.5 = 8.
    TailLevel q75 = r.level(0.75);
    assertEquals(6.0, q75.varUsd(), 0.0);
    assertEquals(8.0, q75.esUsd(), 1e-15);
    // a = 0.9: t = 9, k = 9: VaR = 7, ES = 10. g = (0,..,0, 30): mean 3, s^2 = (27^2 + 9 x 3^2)/9
    // = 90, SE = sqrt(90 / 10) = 3.
    TailLevel q90 = r.level(0.9);
    assertEquals(7.0, q90.varUsd(), 0.0);
    assertEquals(10.0, q90.esUsd(), 1e-15);
    assertEquals(3.0, q90.esStdErrorUsd(), 1e-14);
  }

  @Test
  void oneToThousandAtHalfAndAtNinetyNinePointNine() {
    double[] losses = new double[1000];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = 1000 - i; // descending: the statistics must not depend on the order
    }
    TailLossResult r = STATS.compute(losses, new double[] {0.5, 0.999, 0.9995});

    assertEquals(500.5, r.expectedLossUsd(), 1e-12);
    TailLevel half = r.level(0.5);
    assertEquals(500.0, half.varUsd(), 0.0);
    assertEquals(750.5, half.esUsd(), 1e-12); // mean of 501..1000
    // 0.999 x 1000 snaps to 999: VaR = x(999) = 999, ES = x(1000) = 1000; g has one value
    // (1000 - 999) / 0.001 = 1000, mean 1, s^2 = (999^2 + 999 x 1) / 999 = 1000, SE = 1.
    TailLevel q999 = r.level(0.999);
    assertEquals(999.0, q999.varUsd(), 0.0);
    assertEquals(1000.0, q999.esUsd(), 1e-12);
    assertEquals(1.0, q999.esStdErrorUsd(), 1e-9);
    // N (1 - a) = 0.5 < 1: the tail is half a scenario; ES = VaR = the maximum, SE not estimable.
    TailLevel beyond = r.level(0.9995);
    assertEquals(1000.0, beyond.varUsd(), 0.0);
    assertEquals(1000.0, beyond.esUsd(), 0.0);
    assertTrue(Double.isNaN(beyond.esStdErrorUsd()));
    // A level within rounding of 1 (1 - 1e-16 x 1000 snaps to 1000): no weight left in the tail;
    // ES is its limit, the maximum (it was 0 / 0, reported as NaN).
    TailLevel top =
        STATS.compute(losses, new double[] {Math.nextDown(1.0)}).level(Math.nextDown(1.0));
    assertEquals(1000.0, top.varUsd(), 0.0);
    assertEquals(1000.0, top.esUsd(), 0.0);

    List<ExceedancePoint> curve = r.exceedance();
    assertEquals(40, curve.size());
    assertEquals(new ExceedancePoint(1.0, 0.999), curve.get(0));
    assertEquals(new ExceedancePoint(1000.0, 0.0), curve.get(39));
    double ratio = Math.pow(1000.0, 1.0 / 39);
    for (int j = 1; j < curve.size(); j++) {
      assertEquals(ratio, curve.get(j).lossUsd() / curve.get(j - 1).lossUsd(), 1e-12);
      assertTrue(curve.get(j).probability() <= curve.get(j - 1).probability());
      // Losses are the integers 1..1000: P(L > x) = (1000 - floor(x)) / 1000.
      double x = curve.get(j).lossUsd();
      assertEquals((1000 - Math.floor(x)) / 1000, curve.get(j).probability(), 1e-15);
    }
  }

  @Test
  void allZeroLosses() {
    TailLossResult r = STATS.compute(new double[100], new double[] {0.95, 0.99});
    assertEquals(0.0, r.expectedLossUsd(), 0.0);
    assertEquals(0.0, r.stdDevUsd(), 0.0);
    assertEquals(0.0, r.expectedLossStdErrorUsd(), 0.0);
    assertEquals(0.0, r.lossProbability(), 0.0);
    assertEquals(List.of(), r.exceedance());
    for (TailLevel level : r.levels()) {
      assertEquals(0.0, level.varUsd(), 0.0);
      assertEquals(0.0, level.esUsd(), 0.0);
      assertEquals(0.0, level.esStdErrorUsd(), 0.0); // 100 identical scenarios: no spread
    }
  }

  @Test
  void oneScenario() {
    TailLossResult r = STATS.compute(new double[] {7.0}, new double[] {0.5, 0.99});
    assertEquals(7.0, r.expectedLossUsd(), 0.0);
    assertEquals(0.0, r.stdDevUsd(), 0.0);
    assertTrue(Double.isNaN(r.expectedLossStdErrorUsd()));
    assertEquals(1.0, r.lossProbability(), 0.0);
    assertEquals(List.of(new ExceedancePoint(7.0, 0.0)), r.exceedance());
    for (TailLevel level : r.levels()) {
      assertEquals(7.0, level.varUsd(), 0.0);
      assertEquals(7.0, level.esUsd(), 0.0);
      assertTrue(Double.isNaN(level.esStdErrorUsd()));
    }
  }

  @Test
  void tiesAndNegativeLosses() {
    TailLevel ties = STATS.compute(new double[] {5, 5, 5, 5}, new double[] {0.5}).level(0.5);
    assertEquals(new TailLevel(0.5, 5.0, 5.0, 0.0), ties);

    // Gains (negative losses) are allowed: sorted -3 -1 2 2; a = 0.6: t = 2.4, k = 3, VaR = 2,
    // ES = (2 + 0.6 x 2) / 1.6 = 2.
    TailLossResult r = STATS.compute(new double[] {2, -1, 2, -3}, new double[] {0.6});
    assertEquals(0.0, r.expectedLossUsd(), 0.0);
    assertEquals(0.5, r.lossProbability(), 0.0);
    assertEquals(2.0, r.level(0.6).varUsd(), 0.0);
    assertEquals(2.0, r.level(0.6).esUsd(), 1e-15);
  }

  @Test
  void grossExpectedLossIsCarried() {
    TailLossResult r =
        STATS.compute(TEN, TailStatistics.mean(new double[] {4, 5, 6}), new double[0]);
    assertEquals(5.0, r.grossExpectedLossUsd(), 0.0);
    assertEquals(3.8, r.expectedLossUsd(), 1e-15);
    assertEquals(List.of(), r.levels());
  }

  @Test
  void rejectsBadInputNamingIt() {
    double[] levels = {0.99};
    assertEquals(
        "losses[1] must be finite, got NaN",
        assertThrows(
                IllegalArgumentException.class,
                () -> STATS.compute(new double[] {1, Double.NaN}, levels))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> STATS.compute(new double[0], levels));
    assertEquals(
        "confidenceLevels[1] must be in (0, 1), got 1.0",
        assertThrows(
                IllegalArgumentException.class, () -> STATS.compute(TEN, new double[] {0.5, 1.0}))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> STATS.compute(TEN, new double[] {0.0}));
    assertThrows(
        IllegalArgumentException.class, () -> STATS.compute(TEN, Double.NaN, new double[] {0.5}));
  }

  /** Random samples: ES >= VaR, ES >= EL, VaR and ES non-decreasing in the level. */
  @Test
  void coherenceOnRandomSamples() {
    SplittableRandom rng = new SplittableRandom(11);
    double[] levels = {0.5, 0.9, 0.95, 0.99, 0.995, 0.999};
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + rng.nextInt(2000);
      double[] losses = new double[n];
      for (int i = 0; i < n; i++) {
        losses[i] = rng.nextDouble() < 0.7 ? 0.0 : Math.exp(10 * rng.nextDouble());
      }
      TailLossResult r = STATS.compute(losses, levels);
      TailLevel previous = null;
      for (TailLevel level : r.levels()) {
        assertTrue(level.esUsd() >= level.varUsd(), () -> "ES < VaR: " + level);
        assertTrue(level.esUsd() >= r.expectedLossUsd(), () -> "ES < EL: " + level);
        if (previous != null) {
          assertTrue(level.varUsd() >= previous.varUsd());
          assertTrue(level.esUsd() >= previous.esUsd());
        }
        previous = level;
      }
    }
  }

  /**
   * Exponential losses, mean mu: VaR_a = -mu ln(1 - a), ES_a = VaR_a + mu. N = 100,000. Tolerance
   * four standard errors: for ES the estimator's own, for VaR the asymptotic sqrt(a (1 - a) / N) /
   * f(VaR) = mu sqrt(a / ((1 - a) N)). A correct estimator fails one such check with probability
   * below 1e-4.
   */
  @Test
  void exponentialLossesMatchClosedFormWithinFourStandardErrors() {
    double mu = 1000.0;
    int n = 100_000;
    SplittableRandom rng = new SplittableRandom(2024);
    double[] losses = new double[n];
    for (int i = 0; i < n; i++) {
      losses[i] = -mu * Math.log1p(-rng.nextDouble());
    }
    TailLossResult r = STATS.compute(losses, new double[] {0.95, 0.99, 0.995});
    assertEquals(mu, r.expectedLossUsd(), 4 * r.expectedLossStdErrorUsd());
    for (TailLevel level : r.levels()) {
      double a = level.confidence();
      double var = -mu * Math.log(1 - a);
      double varStdError = mu * Math.sqrt(a / ((1 - a) * n));
      assertEquals(var, level.varUsd(), 4 * varStdError, () -> "VaR at " + a);
      assertEquals(var + mu, level.esUsd(), 4 * level.esStdErrorUsd(), () -> "ES at " + a);
    }
  }

  /**
   * MODEL.md section 8, "Gaussian shocks, no impact: VaR and ES of a linear book match the analytic
   * values within three standard errors", for the statistics alone: L = sigma Z, VaR_a = sigma z_a,
   * ES_a = sigma phi(z_a) / (1 - a). Three standard errors as the model states; seed fixed, so the
   * test is deterministic (it sits at 0.6 SE or less for this seed).
   */
  @Test
  void gaussianLinearBookVarAndEsWithinThreeStandardErrors() {
    double sigma = 1e6;
    int n = 200_000;
    Random rng = new Random(7);
    double[] losses = new double[n];
    for (int i = 0; i < n; i++) {
      losses[i] = sigma * rng.nextGaussian();
    }
    double[] levels = {0.95, 0.99};
    double[] quantiles = {1.6448536269514722, 2.3263478740408408};
    TailLossResult r = STATS.compute(losses, levels);
    assertEquals(0.0, r.expectedLossUsd(), 3 * r.expectedLossStdErrorUsd());
    for (int j = 0; j < levels.length; j++) {
      double a = levels[j];
      double z = quantiles[j];
      double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
      TailLevel level = r.level(a);
      double varStdError = sigma * Math.sqrt(a * (1 - a) / n) / density;
      assertEquals(sigma * z, level.varUsd(), 3 * varStdError, () -> "VaR at " + a);
      assertEquals(
          sigma * density / (1 - a), level.esUsd(), 3 * level.esStdErrorUsd(), () -> "ES at " + a);
    }
  }

  /**
   * Short put payoff on a normal price, struck at the mean: L = max(K - S, 0), S ~ N(K, s). EL = s
   * phi(0) = s / sqrt(2 pi); P(L > 0) = 1/2; above the median the tail is the Gaussian one. Four
   * standard errors (binomial for the probability).
   */
  @Test
  void normalPutPayoffMatchesClosedForm() {
    double s = 250.0;
    int n = 100_000;
    Random rng = new Random(99);
    double[] losses = new double[n];
    for (int i = 0; i < n; i++) {
      losses[i] = Math.max(-s * rng.nextGaussian(), 0.0);
    }
    TailLossResult r = STATS.compute(losses, new double[] {0.99});
    assertEquals(s / Math.sqrt(2 * Math.PI), r.expectedLossUsd(), 4 * r.expectedLossStdErrorUsd());
    assertEquals(0.5, r.lossProbability(), 4 * Math.sqrt(0.25 / n));
    double z = 2.3263478740408408;
    double esExact = s * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) / 0.01;
    assertEquals(esExact, r.level(0.99).esUsd(), 4 * r.level(0.99).esStdErrorUsd());
  }

  /**
   * The curve's size is the constructor's, at least 2 (both ends exact); its thresholds are
   * log-spaced between the smallest positive and the largest loss: for losses 2, 4, 8 and three
   * points the middle one is 2 (8 / 2)^(1/2) = 4 (to the rounding of exp and log: 1e-12).
   */
  @Test
  void exceedanceCurveHasTheRequestedNumberOfLogSpacedPoints() {
    List<ExceedancePoint> two =
        new TailStatistics(2).compute(new double[] {2, 4, 8}, new double[0]).exceedance();
    assertEquals(List.of(new ExceedancePoint(2, 2.0 / 3), new ExceedancePoint(8, 0)), two);
    List<ExceedancePoint> three =
        new TailStatistics(3).compute(new double[] {2, 4, 8}, new double[0]).exceedance();
    assertEquals(3, three.size());
    assertEquals(4.0, three.get(1).lossUsd(), 1e-12);
    assertEquals(
        "exceedancePoints must be at least 2, got 1",
        assertThrows(IllegalArgumentException.class, () -> new TailStatistics(1)).getMessage());
  }

  /**
   * t = a N is snapped to the integer within 1e-9 relative of it: 0.07 x 100,000 is
   * 7000.000000000001 in binary, and VaR at 7% of the losses 1 .. 100,000 is x(7000) = 7000, not
   * x(7001), by sorting and by selection alike (exact order statistics).
   */
  @Test
  void aDecimalLevelIsSnappedToItsIntegerRank() {
    double[] losses = new double[100_000];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = i + 1;
    }
    assertEquals(7000.0, STATS.compute(losses, new double[] {0.07}).level(0.07).varUsd(), 0.0);
    assertEquals(7000.0, TailStatistics.valueAtRisk(losses, 0.07), 0.0);
    assertThrows(
        IllegalArgumentException.class, () -> TailStatistics.valueAtRisk(new double[] {1}, 0.0));
  }

  /**
   * Two scenarios 0 and 1 at a = 0.5: t = 1, one whole scenario in the tail, so SE(ES) is
   * estimable: g = (0, 2), mean 1, s^2 = 2, SE = sqrt(2 / 2) = 1 exactly.
   */
  @Test
  void twoScenariosHaveAnExpectedShortfallStandardError() {
    TailLevel level = STATS.compute(new double[] {1, 0}, new double[] {0.5}).level(0.5);
    assertEquals(new TailLevel(0.5, 0.0, 1.0, 1.0), level);
  }
}
