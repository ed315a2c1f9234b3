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
  /** SplitMix64's increment, the odd integer closest to 2^64 / golden ratio. */
  public static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private static final double POISSON_NORMAL_LIMIT = 30;

  private long state;

  /** Starts the stream of scenario {@code index} under {@code seed}. */
  public void reset(long seed, long index) {
    state = mix64(mix64(seed) ^ mix64(index * GOLDEN_GAMMA + 0x632be59bd9b4e019L));
  }

  /** SplitMix64's finaliser (Stafford variant 13); also the premium's resampling streams'. */
  public static long mix64(long z) {
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

  /**
   * Standard normal: McFarland's modified ziggurat on this stream's bits, the same draws as {@link
   * RandomGenerator#nextGaussian()}'s default. Its fast path (one long, a layer from the low 8
   * bits, about 99% of draws) is taken here, with the JDK's own layer table read out at class
   * initialisation ({@link Ziggurat}), so that it inlines into the step; the rest (tail and
   * overhangs) goes to the JDK with the long replayed.
   */
  @Override
  public double nextGaussian() {
    long u = nextLong();
    int layer = (int) u & Ziggurat.LAYER_MASK;
    if (layer < Ziggurat.FAST_LAYERS) {
      return Ziggurat.X[layer] * u;
    }
    replay.first = u;
    replay.pending = true;
    return replay.nextGaussian();
  }

  private final Replay replay = new Replay();

  /** This stream with one long put back in front of it, for the ziggurat's slow path. */
  private final class Replay implements RandomGenerator {
    long first;
    boolean pending;

    @Override
    public long nextLong() {
      if (pending) {
        pending = false;
        return first;
      }
      return RandomStream.this.nextLong();
    }
  }

  /**
   * The fast path of the JDK's ziggurat ({@code RandomSupport.computeNextGaussian}: for a long u
   * whose low 8 bits select a layer i below the layer count, the draw is X[i] * u), with X and the
   * layer count read from the JDK itself by probing: a generator that returns u = i + 2^62 once
   * (exactly 2^62 as a double, so X[i] is the draw divided by 2^62, exactly) shows whether layer i
   * is on the fast path (no second long asked for) and its X[i]. The probe then checks that the
   * mask is 8 bits and that the fast path is what the JDK computes on a sample of longs; if the
   * JDK's algorithm were ever different, FAST_LAYERS is 0 and every draw goes to the JDK.
   */
  static final class Ziggurat {
    static final int LAYER_MASK = 0xff;
    static final double[] X = new double[LAYER_MASK + 1];
    static final int FAST_LAYERS = probe();

    private Ziggurat() {}

    private static int probe() {
      // Layers from 0 up while the JDK takes them on its fast path.
      int fast = 0;
      while (fast <= LAYER_MASK) {
        double draw = fastDraw(fast | (1L << 62));
        if (Double.isNaN(draw)) {
          break;
        }
        X[fast++] = draw * 0x1.0p-62;
      }
      // Bits above the mask do not choose the layer; the layers beyond the count are slow.
      for (int i = 0; i <= LAYER_MASK; i++) {
        long u = i | (1L << 62) | (1L << 8) | (1L << 40);
        double d = fastDraw(u);
        if (Double.isNaN(d) == (i < fast) || (i < fast && d != X[i] * u)) {
          return 0;
        }
      }
      // The fast path is the JDK's on a sample of longs (both signs, all layers).
      long state = 0x5eed_2026_1130_0001L;
      for (int n = 0; n < 4096; n++) {
        state += GOLDEN_GAMMA;
        long u = mix64(state);
        int layer = (int) u & LAYER_MASK;
        if (layer < fast && !(fastDraw(u) == X[layer] * u)) {
          return 0;
        }
      }
      return fast;
    }

    /**
     * The JDK's draw for a first long u when it asks for no second long (its fast path); NaN else.
     */
    private static double fastDraw(long u) {
      int[] calls = new int[1];
      RandomGenerator probe =
          new RandomGenerator() {
            private long next = 0x0123_4567_89ab_cdefL;

            @Override
            public long nextLong() {
              if (calls[0]++ == 0) {
                return u;
              }
              next += GOLDEN_GAMMA;
              return mix64(next);
            }
          };
      double draw = probe.nextGaussian();
      return calls[0] == 1 ? draw : Double.NaN;
    }
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

  /**
   * Marsaglia-Tsang's d of a chi-square with {@code dof} > 0 degrees of freedom drawn with their
   * boost ({@link #nextChiSquare(double, double, double)}): {@link #chiSquareD} of dof, or of dof +
   * 2 below 2.
   */
  public static double chiSquareBoostedD(double dof) {
    return chiSquareD(dof >= 2 ? dof : dof + 2);
  }

  /** The boost's exponent for {@code dof} > 0 degrees of freedom: 0 from 2 up, else 2 / dof. */
  public static double chiSquareBoost(double dof) {
    return dof >= 2 ? 0 : 2 / dof;
  }

  /**
   * Chi-square with any dof > 0 degrees of freedom given {@code d} = {@link #chiSquareBoostedD},
   * {@code c} = {@link #chiSquareC} of it and {@code boost} = {@link #chiSquareBoost}: from 2
   * degrees up the draws of {@link #nextChiSquare(double, double)}; below, one with dof + 2 times
   * U^(2 / dof) (Marsaglia and Tsang's boost for a gamma shape below 1: Gamma(a) = Gamma(a + 1)
   * U^(1 / a)).
   */
  public double nextChiSquare(double d, double c, double boost) {
    double x = nextChiSquare(d, c);
    return boost == 0 ? x : x * Math.pow(nextUniform(), boost);
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
      // Within an int for any mean (validation bounds the intensity far below; the core may be
      // called without it): a cast of a larger long wrapped to a negative count.
      return (int)
          Math.min(
              Integer.MAX_VALUE, Math.max(0, Math.round(mean + Math.sqrt(mean) * nextGaussian())));
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
