package io.backstop.core.sim;

import java.util.random.RandomGenerator;

/**
 * The random numbers of one scenario, owned here so that results do not depend on the JDK's
 * algorithms: SplitMix64 (Steele, Lea and Flood 2014, the generator of {@code SplittableRandom})
 * seeded from (seed, scenario index), so each scenario has its own stream whatever the thread that
 * runs it. Uniforms use the top 53 bits; Gaussians McFarland's modified ziggurat, the algorithm
 * {@link RandomGenerator#nextGaussian()} specifies for its default implementation (the JDK's
 * implementation drawing from this stream's bits: largely one long and a table lookup per draw,
 * where the polar method used before model 0.3.0 took a logarithm and a square root per pair);
 * chi-square Marsaglia-Tsang gamma; Poisson inversion (normal approximation above a mean of 30).
 * Mutable and reused by one worker; {@link #reset} starts a scenario's stream.
 */
public final class RandomStream implements RandomGenerator {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private static final double POISSON_NORMAL_LIMIT = 30;

  private long state;

  /** Starts the stream of scenario {@code index} under {@code seed}. */
  public void reset(long seed, long index) {
    state = mix64(mix64(seed) ^ mix64(index * GOLDEN_GAMMA + 0x632be59bd9b4e019L));
  }

  /** SplitMix64's finaliser (Stafford variant 13). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Next 64 random bits. */
  @Override
  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** Uniform on [0, 1). */
  public double nextUniform() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Standard normal: McFarland's modified ziggurat on this stream's bits. */
  @Override
  public double nextGaussian() {
    return RandomGenerator.super.nextGaussian();
  }

  /** Chi-square with {@code dof} > 2 degrees of freedom: 2 x Gamma(dof / 2) (Marsaglia-Tsang). */
  public double nextChiSquare(double dof) {
    double d = chiSquareD(dof);
    return nextChiSquare(d, chiSquareC(d));
  }

  /** Marsaglia-Tsang's d = dof / 2 - 1/3 of a chi-square with {@code dof} degrees of freedom. */
  public static double chiSquareD(double dof) {
    return dof / 2 - 1.0 / 3;
  }

  /** Marsaglia-Tsang's c = 1 / sqrt(9 d). */
  public static double chiSquareC(double d) {
    return 1 / Math.sqrt(9 * d);
  }

  /**
   * Chi-square given Marsaglia-Tsang's constants {@code d} and {@code c} ({@link #chiSquareD},
   * {@link #chiSquareC}) computed once by the caller: the same draws as {@link
   * #nextChiSquare(double)}.
   */
  public double nextChiSquare(double d, double c) {
    while (true) {
      double x = nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = nextUniform();
      double x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        return 2 * d * v;
      }
    }
  }

  /** Poisson with mean {@code mean} >= 0. */
  public int nextPoisson(double mean) {
    return nextPoisson(mean, Math.exp(-mean));
  }

  /**
   * Poisson with mean {@code mean} >= 0, given {@code expMinusMean} = {@code Math.exp(-mean)}
   * computed once by the caller (same draws as {@link #nextPoisson(double)}).
   */
  public int nextPoisson(double mean, double expMinusMean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > POISSON_NORMAL_LIMIT) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * nextGaussian()));
    }
    double u = nextUniform();
    double p = expMinusMean;
    double cumulative = p;
    int n = 0;
    while (u > cumulative && p > 0) {
      n++;
      p *= mean / n;
      cumulative += p;
    }
    return n;
  }
}
