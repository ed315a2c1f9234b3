package io.backstop.core.bench;

import static io.backstop.core.bench.KernelBook.ASSETS;
import static io.backstop.core.bench.KernelBook.CROSS_IMPACT;
import static io.backstop.core.bench.KernelBook.DECAY;
import static io.backstop.core.bench.KernelBook.HEARTBEAT_STEPS;
import static io.backstop.core.bench.KernelBook.IMPACT;
import static io.backstop.core.bench.KernelBook.P0;
import static io.backstop.core.bench.KernelBook.PUSH_THRESHOLD;
import static io.backstop.core.bench.KernelBook.RUNS;
import static io.backstop.core.bench.KernelBook.STEPS;
import static io.backstop.core.bench.KernelBook.TRIGGER;
import static io.backstop.core.bench.KernelBook.WARM_RUNS;

import io.backstop.core.sim.RandomStream;

/**
 * A lower-bound experiment, not the model: the arithmetic of one quiet step of the crypto-lending
 * book written out for its three assets and its one hedged asset, with no generality (no loops over
 * features, no bookkeeping for the general round), to measure what scalar Java costs per
 * scenario-step for the work itself on this machine. docs/performance-log.md (round of 0.3.4)
 * compares it with the engine.
 *
 * <p>A step: the engine's draws from {@link RandomStream} (a chi-square for the tails, three
 * Gaussians, three Poisson uniforms), the correlated moves, impact decay, three price exponentials,
 * push-oracle reads and the liquidation guards; then WETH's equilibrium hedge as the engine solves
 * it (its delta table's cubic at the start, one Halley step, a confirming evaluation and a Newton
 * correction), the guard of the hedge's path, the move and its cross-impact on WSTETH, two more
 * exponentials and oracle reads. A scenario stops at its first step that would need a general round
 * (an oracle at a loan trigger): those steps are not counted. Parameters are the example's ({@link
 * KernelBook}): the figures are costs, not prices.
 *
 * <p>Arguments: part ({@code all}, {@code market}: without the hedge, {@code draws}: the draws and
 * moves only; default all) and lanes ({@code 1}, or {@code 2}: two scenarios stepped in lockstep by
 * one thread, each step of one followed by the same step of the other). Prints the best of 35 runs
 * of 1,000 scenarios (after 5 warm-up runs), nanoseconds of this thread's CPU per step.
 */
public final class QuietKernelMain {
  private static final int SCENARIOS = 1_000;

  private enum Part {
    ALL,
    MARKET,
    DRAWS
  }

  private final Part part;
  private final RandomStream random = new RandomStream();
  private final double[] f = new double[ASSETS];
  private final double[] impact = new double[ASSETS];
  private final double[] price = new double[ASSETS];
  private final double[] oracle = new double[ASSETS];
  private final double[] minPrice = new double[ASSETS];
  private final int[] lastPush = new int[ASSETS];
  private final double[] cubic = new double[3]; // delta, slope, curvature of the last evaluation
  private double held;
  private double checksum;

  private QuietKernelMain(Part part) {
    this.part = part;
  }

  private void start(long index) {
    random.reset(20261124, index);
    for (int k = 0; k < ASSETS; k++) {
      f[k] = 0;
      impact[k] = 0;
      price[k] = P0[k];
      oracle[k] = P0[k];
      minPrice[k] = P0[k];
      lastPush[k] = 0;
    }
    held = evaluate(0, 0);
  }

  /** One step; false when it would need a general round (the scenario stops there). */
  private boolean step(int s) {
    double mixing = KernelBook.mixing(random);
    double z0 = random.nextGaussian();
    double z1 = random.nextGaussian();
    double z2 = random.nextGaussian();
    for (int k = 0; k < ASSETS; k++) {
      double move = KernelBook.logMove(k, mixing, KernelBook.correlated(k, z0, z1, z2), random);
      f[k] = KernelBook.moved(f[k], move);
    }
    if (part == Part.DRAWS) {
      return true;
    }
    int sample = s + 1;
    for (int k = 0; k < ASSETS; k++) {
      impact[k] *= DECAY[k];
      reprice(k, sample, true);
      if (!(oracle[k] > TRIGGER[k])) {
        return false;
      }
    }
    return part == Part.MARKET || hedge(s, sample);
  }

  /** WETH's equilibrium hedge, its guard and its move (see the class comment). */
  private boolean hedge(int s, int sample) {
    double x = f[0] + impact[0];
    double delta = evaluate(s, x);
    double zStart = P0[0] / price[0];
    double value = -IMPACT * (delta - held);
    double derivative = -zStart - IMPACT * cubic[1];
    double bend = value * (zStart - IMPACT * cubic[2]);
    double next = x - 2 * value * derivative / (2 * derivative * derivative - bend);
    double delta2 = evaluate(s, next);
    double slope2 = cubic[1];
    double d = next - x;
    double z = zStart * (1 - d + d * d / 2 - d * d * d / 6);
    double root = next - (z - zStart - IMPACT * (delta2 - held)) / (-z - IMPACT * slope2);
    double move = root - x;
    held = delta2 + slope2 * (root - next);
    double low = Math.min(0, move);
    if (!(oracle[0] * (1 + low) > TRIGGER[0]
        && oracle[1] * (1 + CROSS_IMPACT * low) > TRIGGER[1])) {
      return false;
    }
    impact[0] += move;
    impact[1] += CROSS_IMPACT * move;
    reprice(0, sample, false);
    reprice(1, sample, false);
    return true;
  }

  /** Asset k's price from its log move, its running minimum and its push oracle's read. */
  private void reprice(int k, int sample, boolean stepStart) {
    double p = P0[k] * Math.exp(f[k] + impact[k]);
    price[k] = p;
    minPrice[k] = Math.min(minPrice[k], p);
    boolean heartbeat = stepStart && sample - lastPush[k] >= HEARTBEAT_STEPS[k];
    if (heartbeat || Math.abs(p - oracle[k]) >= PUSH_THRESHOLD[k] * oracle[k]) {
      oracle[k] = p;
      lastPush[k] = sample;
    }
  }

  /** The table's cubic at log move x of step s: the delta, with slope and curvature in cubic. */
  private double evaluate(int s, double x) {
    return KernelBook.cubic(s, x, cubic, 0);
  }

  private void finish() {
    checksum += minPrice[0] + minPrice[1] + minPrice[2] + held;
  }

  /** Entry point. */
  public static void main(String[] args) {
    Part part =
        Part.valueOf((args.length > 0 ? args[0] : "all").toUpperCase(java.util.Locale.ROOT));
    int lanes = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    if (lanes != 1 && lanes != 2) {
      throw new IllegalArgumentException("lanes must be 1 or 2, was " + lanes);
    }
    QuietKernelMain a = new QuietKernelMain(part);
    QuietKernelMain b = new QuietKernelMain(part);
    long[] stopped = new long[1];
    double best =
        KernelBook.bestNanosPerStep(
            r -> {
              long steps = 0;
              for (int i = 0; i < SCENARIOS; i += lanes) {
                long index = (long) r * SCENARIOS + i;
                a.start(index);
                boolean liveA = true;
                boolean liveB = lanes == 2;
                if (liveB) {
                  b.start(index + 1);
                }
                int s = 0;
                for (; s < STEPS && liveA && liveB; s++) {
                  liveA = a.step(s);
                  liveB = b.step(s);
                  steps += 2;
                }
                for (int t = s; t < STEPS && liveA; t++, steps++) {
                  liveA = a.step(t);
                }
                for (int t = s; t < STEPS && liveB; t++, steps++) {
                  liveB = b.step(t);
                }
                stopped[0] += (liveA ? 0 : 1) + (lanes == 2 && !liveB ? 1 : 0);
                a.finish();
                b.finish();
              }
              return steps;
            });
    System.out.printf(
        "quiet kernel, part %s, %d lane(s): %.1f ns per scenario-step (best of %d runs of %,d"
            + " scenarios; %d of %,d scenarios stopped at a step needing a general round;"
            + " checksum %.6g)%n",
        part.name().toLowerCase(java.util.Locale.ROOT),
        lanes,
        best,
        RUNS,
        SCENARIOS,
        stopped[0],
        (WARM_RUNS + RUNS) * SCENARIOS,
        a.checksum + b.checksum);
  }
}
