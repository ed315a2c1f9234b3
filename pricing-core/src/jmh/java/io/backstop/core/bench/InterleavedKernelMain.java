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
 * A lower-bound experiment, not the model: {@link QuietKernelMain}'s quiet step of the
 * crypto-lending book for L scenarios at once in plain scalar Java, interleaved operation by
 * operation (each phase of the step is a loop over the lanes, the state in [asset x L + lane]
 * arrays), so that the processor overlaps the lanes' dependent chains. Every lane does exactly the
 * scalar kernel's arithmetic, in the same order, on its own {@link RandomStream}: the lanes'
 * results are the scalar kernel's bits (the checksum is compared with {@link QuietKernelMain}'s),
 * which is what distinguishes this from the vector kernel (tools/bench/VectorKernel.java), whose
 * exponentials and draw conversions round differently.
 *
 * <p>A lane whose scenario would need a general round (an oracle at a trigger) stops there, as in
 * the scalar kernel; it keeps being computed with the others (its state frozen) until the block
 * ends, and its steps are not counted.
 *
 * <p>Arguments: lanes (1, 2, 4 or 8; default 4). Prints the best of 35 runs of 1,024 scenarios
 * (after 5 warm-up runs), nanoseconds of this thread's CPU per counted step.
 */
public final class InterleavedKernelMain {
  private static final int SCENARIOS = 1_024;

  private final int lanes;
  private final boolean hedgeOnly;
  private final RandomStream[] random;
  private final double[] f;
  private final double[] impact;
  private final double[] price;
  private final double[] oracle;
  private final double[] minPrice;
  private final int[] lastPush;
  private final double[] held;
  private final boolean[] live;
  private final int[] stoppedAt;
  // Per lane scratch.
  private final double[] mixing;
  private final double[] z0;
  private final double[] z1;
  private final double[] z2;
  private final double[] x;
  private final double[] delta;
  private final double[] slope;
  private final double[] curvature;
  private final double[]
      cubic; // [3 x lane + 0, 1, 2]: the last evaluation's delta, slope, curvature
  private final double[] zStart;
  private final double[] next;
  private final double[] start;
  private final double[] move;
  private double checksum;

  private InterleavedKernelMain(int lanes, boolean hedgeOnly) {
    this.lanes = lanes;
    this.hedgeOnly = hedgeOnly;
    random = new RandomStream[lanes];
    for (int l = 0; l < lanes; l++) {
      random[l] = new RandomStream();
    }
    f = new double[ASSETS * lanes];
    impact = new double[ASSETS * lanes];
    price = new double[ASSETS * lanes];
    oracle = new double[ASSETS * lanes];
    minPrice = new double[ASSETS * lanes];
    lastPush = new int[ASSETS * lanes];
    held = new double[lanes];
    live = new boolean[lanes];
    stoppedAt = new int[lanes];
    mixing = new double[lanes];
    z0 = new double[lanes];
    z1 = new double[lanes];
    z2 = new double[lanes];
    x = new double[lanes];
    delta = new double[lanes];
    slope = new double[lanes];
    curvature = new double[lanes];
    cubic = new double[3 * lanes];
    zStart = new double[lanes];
    next = new double[lanes];
    start = new double[lanes];
    move = new double[lanes];
  }

  private void start(long index) {
    for (int l = 0; l < lanes; l++) {
      random[l].reset(20261124, index + l);
      for (int k = 0; k < ASSETS; k++) {
        int i = k * lanes + l;
        f[i] = 0;
        impact[i] = 0;
        price[i] = P0[k];
        oracle[i] = P0[k];
        minPrice[i] = P0[k];
        lastPush[i] = 0;
      }
      live[l] = true;
      stoppedAt[l] = STEPS;
    }
    for (int l = 0; l < lanes; l++) {
      x[l] = 0;
    }
    evaluate(0);
    for (int l = 0; l < lanes; l++) {
      held[l] = delta[l];
    }
  }

  /** One step of every lane; a lane that would need a general round stops (live false). */
  private void step(int s) {
    if (hedgeOnly) {
      stepHedgeOnly(s);
      return;
    }
    int sample = s + 1;
    for (int l = 0; l < lanes; l++) {
      RandomStream r = random[l];
      mixing[l] = KernelBook.mixing(r);
      z0[l] = r.nextGaussian();
      z1[l] = r.nextGaussian();
      z2[l] = r.nextGaussian();
    }
    for (int k = 0; k < ASSETS; k++) {
      for (int l = 0; l < lanes; l++) {
        double zk = KernelBook.correlated(k, z0[l], z1[l], z2[l]);
        double mv = KernelBook.logMove(k, mixing[l], zk, random[l]);
        int i = k * lanes + l;
        if (live[l]) {
          f[i] = KernelBook.moved(f[i], mv);
        }
      }
    }
    for (int k = 0; k < ASSETS; k++) {
      for (int l = 0; l < lanes; l++) {
        int i = k * lanes + l;
        impact[i] *= DECAY[k];
        reprice(k, l, sample, true);
      }
    }
    for (int l = 0; l < lanes; l++) {
      guard(l, s);
    }
    hedge(s, sample);
  }

  /** As {@link #step}, but the draws and the market lane after lane; only the hedge interleaved. */
  private void stepHedgeOnly(int s) {
    int sample = s + 1;
    for (int l = 0; l < lanes; l++) {
      RandomStream r = random[l];
      double m = KernelBook.mixing(r);
      double a = r.nextGaussian();
      double b = r.nextGaussian();
      double c = r.nextGaussian();
      for (int k = 0; k < ASSETS; k++) {
        double mv = KernelBook.logMove(k, m, KernelBook.correlated(k, a, b, c), r);
        int i = k * lanes + l;
        if (live[l]) {
          f[i] = KernelBook.moved(f[i], mv);
        }
      }
      for (int k = 0; k < ASSETS; k++) {
        impact[k * lanes + l] *= DECAY[k];
        reprice(k, l, sample, true);
      }
      guard(l, s);
    }
    hedge(s, sample);
  }

  /** Lane l's liquidation guards at the step's start (it stops at a trigger); WETH's log move. */
  private void guard(int l, int s) {
    if (!(oracle[l] > TRIGGER[0]
        && oracle[lanes + l] > TRIGGER[1]
        && oracle[2 * lanes + l] > TRIGGER[2])) {
      stop(l, s);
    }
    x[l] = f[l] + impact[l];
  }

  private void stop(int l, int s) {
    if (live[l]) {
      live[l] = false;
      stoppedAt[l] = s;
    }
  }

  /** WETH's equilibrium hedge, its guard and its move, every lane (QuietKernelMain.hedge). */
  private void hedge(int s, int sample) {
    evaluate(s);
    for (int l = 0; l < lanes; l++) {
      double zs = P0[0] / price[l];
      zStart[l] = zs;
      double value = -IMPACT * (delta[l] - held[l]);
      double derivative = -zs - IMPACT * slope[l];
      double bend = value * (zs - IMPACT * curvature[l]);
      next[l] = x[l] - 2 * value * derivative / (2 * derivative * derivative - bend);
    }
    for (int l = 0; l < lanes; l++) {
      start[l] = x[l];
      x[l] = next[l];
    }
    evaluate(s);
    for (int l = 0; l < lanes; l++) {
      double d = next[l] - start[l];
      double zs = zStart[l];
      double z = zs * (1 - d + d * d / 2 - d * d * d / 6);
      double root = next[l] - (z - zs - IMPACT * (delta[l] - held[l])) / (-z - IMPACT * slope[l]);
      move[l] = root - start[l];
      if (live[l]) {
        held[l] = delta[l] + slope[l] * (root - next[l]);
      }
      double low = Math.min(0, move[l]);
      if (!(oracle[l] * (1 + low) > TRIGGER[0]
          && oracle[lanes + l] * (1 + CROSS_IMPACT * low) > TRIGGER[1])) {
        stop(l, s);
      }
      if (live[l]) {
        impact[l] += move[l];
        impact[lanes + l] += CROSS_IMPACT * move[l];
      }
    }
    for (int l = 0; l < lanes; l++) {
      reprice(0, l, sample, false);
    }
    for (int l = 0; l < lanes; l++) {
      reprice(1, l, sample, false);
    }
  }

  /** Asset k's price in lane l, its running minimum and its push oracle's read. */
  private void reprice(int k, int l, int sample, boolean stepStart) {
    int i = k * lanes + l;
    double p = P0[k] * Math.exp(f[i] + impact[i]);
    if (!live[l]) {
      return;
    }
    price[i] = p;
    minPrice[i] = Math.min(minPrice[i], p);
    boolean heartbeat = stepStart && sample - lastPush[i] >= HEARTBEAT_STEPS[k];
    if (heartbeat || Math.abs(p - oracle[i]) >= PUSH_THRESHOLD[k] * oracle[i]) {
      oracle[i] = p;
      lastPush[i] = sample;
    }
  }

  /** The table's cubic at x[l] of step s for every lane: delta, slope and curvature. */
  private void evaluate(int s) {
    for (int l = 0; l < lanes; l++) {
      delta[l] = KernelBook.cubic(s, x[l], cubic, 3 * l);
      slope[l] = cubic[3 * l + 1];
      curvature[l] = cubic[3 * l + 2];
    }
  }

  private long finish() {
    long steps = 0;
    for (int l = 0; l < lanes; l++) {
      if (live[l]) {
        checksum += minPrice[l] + minPrice[lanes + l] + minPrice[2 * lanes + l] + held[l];
      }
      steps += stoppedAt[l];
    }
    return steps;
  }

  /** Entry point. */
  public static void main(String[] args) {
    int lanes = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    if (lanes != 1 && lanes != 2 && lanes != 4 && lanes != 8) {
      throw new IllegalArgumentException("lanes must be 1, 2, 4 or 8, was " + lanes);
    }
    boolean hedgeOnly = args.length > 1 && args[1].equals("hedge");
    InterleavedKernelMain kernel = new InterleavedKernelMain(lanes, hedgeOnly);
    long[] stopped = new long[1];
    double best =
        KernelBook.bestNanosPerStep(
            r -> {
              long steps = 0;
              for (int i = 0; i < SCENARIOS; i += lanes) {
                kernel.start((long) r * SCENARIOS + i);
                for (int s = 0; s < STEPS; s++) {
                  kernel.step(s);
                }
                steps += kernel.finish();
                for (int l = 0; l < lanes; l++) {
                  stopped[0] += kernel.live[l] ? 0 : 1;
                }
              }
              return steps;
            });
    System.out.printf(
        "interleaved kernel, %d lane(s)%s: %.1f ns per scenario-step (best of %d runs of %,d"
            + " scenarios; %d of %,d scenarios stopped at a step needing a general round;"
            + " checksum of the live ones %.6g)%n",
        lanes,
        hedgeOnly ? ", only the hedge interleaved" : "",
        best,
        RUNS,
        SCENARIOS,
        stopped[0],
        (WARM_RUNS + RUNS) * SCENARIOS,
        kernel.checksum);
  }
}
