package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The stream's own fast path of the ziggurat draws what the JDK's {@link
 * RandomGenerator#nextGaussian()} draws from the same bits, to the bit, over enough draws to take
 * every layer and the slow path (tail and overhangs) thousands of times.
 */
class RandomStreamTest {
  /** The same stream, drawing Gaussians the JDK's way only. */
  private static final class JdkGaussians implements RandomGenerator {
    private final RandomStream bits = new RandomStream();

    @Override
    public long nextLong() {
      return bits.nextLong();
    }
  }

  @Test
  void theFastPathTakesTheJdksLayers() {
    // The JDK's table (RandomSupport.DoubleZigguratTables): 253 layers on the fast path.
    assertEquals(253, RandomStream.Ziggurat.FAST_LAYERS);
  }

  @Test
  void gaussiansAreTheJdksToTheBit() {
    RandomStream ours = new RandomStream();
    JdkGaussians theirs = new JdkGaussians();
    int slow = 0;
    for (long scenario = 0; scenario < 100; scenario++) {
      ours.reset(20261130, scenario);
      theirs.bits.reset(20261130, scenario);
      for (int i = 0; i < 20_000; i++) {
        double a = ours.nextGaussian();
        double b = theirs.nextGaussian();
        assertEquals(
            Double.doubleToRawLongBits(b),
            Double.doubleToRawLongBits(a),
            "scenario " + scenario + ", draw " + i);
        // Interleave other draws as the engine does; both streams must stay in step.
        assertEquals(theirs.bits.nextLong(), ours.nextLong());
      }
      // Count the slow path's draws in a copy of the stream: more than one long per draw.
    }
    RandomStream probe = new RandomStream();
    probe.reset(1, 1);
    for (int i = 0; i < 100_000; i++) {
      long u = probe.nextLong();
      if (((int) u & RandomStream.Ziggurat.LAYER_MASK) >= RandomStream.Ziggurat.FAST_LAYERS) {
        slow++;
      }
    }
    // 3 of the 256 layers are slow, about 1.2% of the draws (the test above met ~23,000 of them).
    assertEquals(100_000 * 3 / 256.0, slow, 5 * Math.sqrt(100_000 * 3 / 256.0));
  }

  /**
   * Poisson draws have the Poisson's mean and variance lambda, and P(0) = e^-lambda, by inversion
   * (lambda = 3.5) and through the normal approximation above a mean of 30 (lambda = 100: mean and
   * variance lambda to the rounding, which adds 1/12 to the variance). Tolerances are 5 standard
   * errors over N = 200,000 draws: sqrt(lambda / N) for the mean, sqrt((lambda + 2 lambda^2) / N)
   * for the variance (fourth central moment lambda (1 + 3 lambda)), sqrt(p (1 - p) / N) for P(0). A
   * mean of 0 draws 0.
   */
  @Test
  void poissonDrawsHaveThePoissonsMomentsOnBothPaths() {
    int n = 200_000;
    RandomStream random = new RandomStream();
    random.reset(7, 1);
    for (double lambda : new double[] {3.5, 100}) {
      double sum = 0;
      double sumSquares = 0;
      int zeros = 0;
      for (int i = 0; i < n; i++) {
        int x = random.nextPoisson(lambda);
        sum += x;
        sumSquares += (double) x * x;
        zeros += x == 0 ? 1 : 0;
      }
      double mean = sum / n;
      double variance = (sumSquares - n * mean * mean) / (n - 1);
      double roundingVariance = lambda > 30 ? 1.0 / 12 : 0;
      String m = "lambda " + lambda;
      assertEquals(lambda, mean, 5 * Math.sqrt(lambda / n), m);
      assertEquals(
          lambda + roundingVariance,
          variance,
          5 * Math.sqrt((lambda + 2 * lambda * lambda) / n),
          m);
      double p0 = Math.exp(-lambda);
      assertEquals(p0, zeros / (double) n, 5 * Math.sqrt(p0 * (1 - p0) / n) + 1e-12, m);
    }
    assertEquals(0, random.nextPoisson(0));
  }

  /**
   * Chi-square draws with k degrees of freedom have mean k and variance 2 k: over N = 200,000 draws
   * of k = 5, within 5 standard errors, sqrt(2 k / N) for the mean and sqrt((8 k^2 + 48 k) / N) for
   * the variance (fourth central moment 12 k (k + 4)).
   */
  @Test
  void chiSquareDrawsHaveTheChiSquaresMoments() {
    int n = 200_000;
    double k = 5;
    RandomStream random = new RandomStream();
    random.reset(11, 2);
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < n; i++) {
      double x = random.nextChiSquare(k);
      sum += x;
      sumSquares += x * x;
    }
    double mean = sum / n;
    double variance = (sumSquares - n * mean * mean) / (n - 1);
    assertEquals(k, mean, 5 * Math.sqrt(2 * k / n));
    assertEquals(2 * k, variance, 5 * Math.sqrt((8 * k * k + 48 * k) / n));
  }
}
