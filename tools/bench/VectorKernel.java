import static io.backstop.core.bench.KernelBook.ASSETS;
import static io.backstop.core.bench.KernelBook.CHI_C;
import static io.backstop.core.bench.KernelBook.CHI_D;
import static io.backstop.core.bench.KernelBook.COMPENSATOR;
import static io.backstop.core.bench.KernelBook.CROSS_IMPACT;
import static io.backstop.core.bench.KernelBook.DECAY;
import static io.backstop.core.bench.KernelBook.GRID_LOW;
import static io.backstop.core.bench.KernelBook.HALF_VARIANCE;
import static io.backstop.core.bench.KernelBook.HEARTBEAT_STEPS;
import static io.backstop.core.bench.KernelBook.IMPACT;
import static io.backstop.core.bench.KernelBook.INVERSE_SPACING;
import static io.backstop.core.bench.KernelBook.JUMP_MEAN;
import static io.backstop.core.bench.KernelBook.JUMP_SD;
import static io.backstop.core.bench.KernelBook.NODES;
import static io.backstop.core.bench.KernelBook.NO_JUMP;
import static io.backstop.core.bench.KernelBook.P0;
import static io.backstop.core.bench.KernelBook.PUSH_THRESHOLD;
import static io.backstop.core.bench.KernelBook.ROOT;
import static io.backstop.core.bench.KernelBook.STEPS;
import static io.backstop.core.bench.KernelBook.TABLE_SLOPE;
import static io.backstop.core.bench.KernelBook.TABLE_VALUE;
import static io.backstop.core.bench.KernelBook.TAIL_DOF;
import static io.backstop.core.bench.KernelBook.TRIGGER;
import static io.backstop.core.bench.KernelBook.VOL_PER_STEP;

import io.backstop.core.bench.KernelBook;
import java.util.random.RandomGenerator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * An experiment, not the model: pricing-core's QuietKernelMain (a quiet step of the crypto-lending
 * book written out for its three assets and one hedged asset) for four scenarios at once, in the
 * incubating Vector API's 256-bit vectors (AVX2: four doubles), to measure what scenario lanes would
 * give on this machine (docs/performance-log.md, round of 0.3.4). Each lane has its own SplitMix64
 * stream; the ziggurat's fast path, the chi-square's squeeze, the moves, exponentials, oracles,
 * guards and the hedge's solve (table gathers, Halley step, confirming evaluation) run in vectors;
 * a lane's rare cases (the ziggurat's slow layers, a failed squeeze, a jump) run alone. The
 * conversions AVX2 has no instruction for (64-bit integers to doubles) go through the exponent
 * bits, so the draws keep 52 of their 64 bits: the same distribution, not the engine's bits.
 *
 * <pre>
 *   mvn -q -pl pricing-core test-compile
 *   mvn -q -pl pricing-core dependency:build-classpath -Dmdep.outputFile=target/jmh.cp \
 *       -Dmdep.includeScope=test
 *   cd pricing-core
 *   java --add-modules jdk.incubator.vector \
 *       -cp target/test-classes:target/classes:$(cat target/jmh.cp) ../tools/bench/VectorKernel.java
 * </pre>
 *
 * Prints the best of 35 runs of 1,000 scenarios (after 5 warm-up runs), nanoseconds of this
 * thread's CPU per scenario-step, counting a lane's steps while it is alive (a scenario stops at a
 * step that would need the engine's general round).
 */
public final class VectorKernel {
  // Lanes and their vector shapes.
  static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
  static final VectorSpecies<Long> L = LongVector.SPECIES_256;
  static final int W = 4;
  static final double[] X = new double[256];
  static final long GAMMA = 0x9e3779b97f4a7c15L;

  static {
    // The JDK's ziggurat layer table, probed as RandomStream.Ziggurat does (package-private there).
    for (int i = 0; i < 253; i++) {
      long u = i | (1L << 62);
      X[i] = new RandomGenerator() {
        boolean first = true; long s = 7;
        public long nextLong() { if (first) { first = false; return u; } s += GAMMA; return mix(s); }
      }.nextGaussian() * 0x1.0p-62;
    }
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  // Per-lane random streams (SplitMix64 states), advanced four at a time.
  final long[] state = new long[W];
  final long[] bits = new long[W];
  final int[] index = new int[W];
  final double[] scratch = new double[W];
  long slowDraws;

  /** 64 random bits per lane. */
  LongVector nextBits() {
    LongVector s = LongVector.fromArray(L, state, 0).add(GAMMA);
    s.intoArray(state, 0);
    LongVector z = s.lanewise(VectorOperators.XOR, s.lanewise(VectorOperators.LSHR, 30)).mul(0xbf58476d1ce4e5b9L);
    z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94d049bb133111ebL);
    return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
  }

  static final long MAGIC = 0x4338000000000000L; // 2^52 + 2^51 as bits: signed 52-bit integers to doubles
  static final double MAGIC_VALUE = 6755399441055744.0;

  DoubleVector uniform() {
    // The top 52 bits as the mantissa of a double in [1, 2), minus 1: [0, 1) on a 2^-52 grid.
    LongVector u = nextBits().lanewise(VectorOperators.LSHR, 12).or(0x3FF0000000000000L);
    return u.reinterpretAsDoubles().sub(1);
  }

  /** Standard normal per lane: the ziggurat's fast path in vectors, the rest per lane. */
  final double[] draws = new double[4 * W];

  void gaussianInto(int at) {
    LongVector u = nextBits();
    u.intoArray(bits, 0);
    boolean slow = false;
    for (int l = 0; l < W; l++) {
      int layer = (int) bits[l] & 0xff;
      slow |= layer >= 253;
      index[l] = layer >= 253 ? 0 : layer;
    }
    DoubleVector x = DoubleVector.fromArray(D, X, 0, index, 0);
    // (double) u to 52 bits: u >> 12 is a signed 52-bit integer, exact through the magic constant.
    DoubleVector v = u.lanewise(VectorOperators.ASHR, 12).add(MAGIC).reinterpretAsDoubles().sub(MAGIC_VALUE);
    DoubleVector g = x.mul(v).mul(4096.0);
    if (slow) {
      g.intoArray(scratch, 0);
      for (int l = 0; l < W; l++) {
        if (((int) bits[l] & 0xff) >= 253) {
          scratch[l] = slowGaussian(l, bits[l]);
          slowDraws++;
        }
      }
      g = DoubleVector.fromArray(D, scratch, 0);
    }
    g.intoArray(draws, at);
  }

  double slowGaussian(int lane, long first) {
    return new RandomGenerator() {
      boolean pending = true;
      public long nextLong() {
        if (pending) { pending = false; return first; }
        state[lane] += GAMMA;
        return mix(state[lane]);
      }
    }.nextGaussian();
  }

  double scalarUniform(int lane) { state[lane] += GAMMA; return (mix(state[lane]) >>> 11) * 0x1.0p-53; }
  double scalarGaussian(int lane) { state[lane] += GAMMA; long u = mix(state[lane]); int i = (int) u & 0xff; return i < 253 ? X[i] * u : slowGaussian(lane, u); }

  /** Chi-square (Marsaglia-Tsang) per lane; lanes whose squeeze fails finish alone. */
  final double[] chi = new double[W];

  void chiSquareInto() {
    gaussianInto(0);
    DoubleVector x = DoubleVector.fromArray(D, draws, 0);
    DoubleVector v = x.mul(CHI_C).add(1);
    DoubleVector v3 = v.mul(v).mul(v);
    DoubleVector u = uniform();
    DoubleVector x2 = x.mul(x);
    VectorMask<Double> ok = v.compare(VectorOperators.GT, 0).and(u.compare(VectorOperators.LT, x2.mul(x2).mul(-0.0331).add(1)));
    DoubleVector out = v3.mul(2 * CHI_D);
    if (!ok.allTrue()) {
      out.intoArray(scratch, 0);
      double[] xs = x.toArray(), vs = v.toArray(), us = u.toArray();
      for (int l = 0; l < W; l++) {
        if (!ok.laneIsSet(l)) {
          scratch[l] = finishChiSquare(l, xs[l], vs[l], us[l]);
        }
      }
      out = DoubleVector.fromArray(D, scratch, 0);
    }
    out.intoArray(chi, 0);
  }

  double finishChiSquare(int lane, double x, double v, double u) {
    if (v > 0) {
      double v3 = v * v * v;
      if (Math.log(u) < 0.5 * x * x + CHI_D * (1 - v3 + Math.log(v3))) return 2 * CHI_D * v3;
    }
    while (true) {
      x = scalarGaussian(lane);
      v = 1 + CHI_C * x;
      if (v <= 0) continue;
      v = v * v * v;
      u = scalarUniform(lane);
      double x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + CHI_D * (1 - v + Math.log(v))) return 2 * CHI_D * v;
    }
  }

  final double[] jumpScratch = new double[W];

  /** Jumps of asset k per lane (rare: lanes past the no-jump probability draw theirs alone). */
  void jumpsInto(int k) {
    DoubleVector u = uniform();
    VectorMask<Double> jump = u.compare(VectorOperators.GT, NO_JUMP[k]);
    java.util.Arrays.fill(jumpScratch, 0);
    if (!jump.anyTrue()) return;
    for (int l = 0; l < W; l++) {
      jumpScratch[l] = jump.laneIsSet(l) ? JUMP_MEAN[k] + JUMP_SD[k] * scalarGaussian(l) : 0;
    }
  }

  // Lane state in arrays, [k * W + lane]; vectors live only in locals within a step.
  final double[] f = new double[ASSETS * W], impact = new double[ASSETS * W];
  final double[] oracle = new double[ASSETS * W], minPrice = new double[ASSETS * W], lastPush = new double[ASSETS * W];
  final double[] held = new double[W];
  final double[] price0 = new double[W];
  final double[] slopeOut = new double[W], curvatureOut = new double[W];
  final boolean[] alive = new boolean[W];
  final int[] gatherIndex = new int[W];
  double checksum;

  void start(long first) {
    for (int l = 0; l < W; l++) state[l] = mix(mix(42) ^ mix((first + l) * GAMMA + 0x632be59bd9b4e019L));
    for (int k = 0; k < ASSETS; k++) {
      for (int l = 0; l < W; l++) {
        f[k * W + l] = 0; impact[k * W + l] = 0; oracle[k * W + l] = P0[k]; minPrice[k * W + l] = P0[k]; lastPush[k * W + l] = 0;
      }
    }
    evaluate(0, DoubleVector.zero(D));
    System.arraycopy(deltaOut, 0, held, 0, W);
    java.util.Arrays.fill(alive, true);
  }

  void evaluate(int s, DoubleVector x) {
    DoubleVector t = x.sub(GRID_LOW).mul(INVERSE_SPACING);
    // floor(t) for 0 <= t < 2^51 by the magic constant (t - 0.5 rounded to the nearest integer).
    DoubleVector shifted = t.sub(0.5).add(MAGIC_VALUE);
    DoubleVector jf = shifted.sub(MAGIC_VALUE).max(0).min(NODES - 2);
    t = t.sub(jf);
    jf.add(MAGIC_VALUE).reinterpretAsLongs().sub(MAGIC).intoArray(bits, 0);
    for (int l = 0; l < W; l++) gatherIndex[l] = (int) bits[l] + s * NODES;
    DoubleVector v0 = DoubleVector.fromArray(D, TABLE_VALUE, 0, gatherIndex, 0);
    DoubleVector v1 = DoubleVector.fromArray(D, TABLE_VALUE, 1, gatherIndex, 0);
    DoubleVector g0 = DoubleVector.fromArray(D, TABLE_SLOPE, 0, gatherIndex, 0);
    DoubleVector g1 = DoubleVector.fromArray(D, TABLE_SLOPE, 1, gatherIndex, 0);
    DoubleVector dv = v1.sub(v0);
    DoubleVector c2 = dv.mul(3).sub(g0.mul(2)).sub(g1);
    DoubleVector c3 = dv.mul(-2).add(g0).add(g1);
    g0.add(t.mul(c2.mul(2).add(t.mul(c3).mul(3)))).mul(INVERSE_SPACING).intoArray(slopeOut, 0);
    c2.mul(2).add(t.mul(c3).mul(6)).mul(INVERSE_SPACING * INVERSE_SPACING).intoArray(curvatureOut, 0);
    v0.add(t.mul(g0.add(t.mul(c2.add(t.mul(c3)))))).intoArray(deltaOut, 0);
  }

  /** Reprices asset k's lanes; returns the lanes whose oracle is above the trigger. */
  void reprice(int k, double sample, boolean stepStart) {
    int o = k * W;
    DoubleVector fk = DoubleVector.fromArray(D, f, o), ik = DoubleVector.fromArray(D, impact, o);
    DoubleVector p = fk.add(ik).lanewise(VectorOperators.EXP).mul(P0[k]);
    if (k == 0) p.intoArray(price0, 0);
    DoubleVector.fromArray(D, minPrice, o).min(p).intoArray(minPrice, o);
    DoubleVector ok = DoubleVector.fromArray(D, oracle, o);
    VectorMask<Double> push = p.sub(ok).abs().compare(VectorOperators.GE, ok.mul(PUSH_THRESHOLD[k]));
    DoubleVector lp = DoubleVector.fromArray(D, lastPush, o);
    if (stepStart) {
      push = push.or(lp.compare(VectorOperators.LE, sample - HEARTBEAT_STEPS[k]));
    }
    ok = ok.blend(p, push);
    ok.intoArray(oracle, o);
    lp.blend(sample, push).intoArray(lastPush, o);
    DoubleVector.fromArray(D, okLanes, 0).blend(0, ok.compare(VectorOperators.LE, TRIGGER[k])).intoArray(okLanes, 0);
  }

  final double[] okLanes = new double[W];
  final double[] deltaOut = new double[W];

  void step(int s) {
    chiSquareInto();
    gaussianInto(W);
    gaussianInto(2 * W);
    gaussianInto(3 * W);
    for (int k = 0; k < ASSETS; k++) {
      jumpsInto(k);
      move(k);
    }
    double sample = s + 1;
    java.util.Arrays.fill(okLanes, 1);
    for (int k = 0; k < ASSETS; k++) {
      DoubleVector.fromArray(D, impact, k * W).mul(DECAY[k]).intoArray(impact, k * W);
      reprice(k, sample, true);
    }
    hedge(s, sample);
    for (int l = 0; l < W; l++) alive[l] &= okLanes[l] != 0;
  }

  void move(int k) {
    DoubleVector mixing = DoubleVector.broadcast(D, TAIL_DOF - 2).div(DoubleVector.fromArray(D, chi, 0)).lanewise(VectorOperators.SQRT);
    DoubleVector z0 = DoubleVector.fromArray(D, draws, W), z1 = DoubleVector.fromArray(D, draws, 2 * W), z2 = DoubleVector.fromArray(D, draws, 3 * W);
    DoubleVector ms = mixing.mul(mixing);
    DoubleVector zk = k == 0 ? z0 : k == 1 ? z0.mul(ROOT[3]).add(z1.mul(ROOT[4])) : z0.mul(ROOT[6]).add(z1.mul(ROOT[7])).add(z2.mul(ROOT[8]));
    DoubleVector move = ms.mul(-HALF_VARIANCE[k]).add(mixing.mul(zk).mul(VOL_PER_STEP[k])).sub(COMPENSATOR[k]).add(DoubleVector.fromArray(D, jumpScratch, 0));
    DoubleVector.fromArray(D, f, k * W).add(move).max(-50).min(50).intoArray(f, k * W);
  }

  void hedge(int s, double sample) {
    DoubleVector h = DoubleVector.fromArray(D, held, 0);
    DoubleVector x = DoubleVector.fromArray(D, f, 0).add(DoubleVector.fromArray(D, impact, 0));
    evaluate(s, x);
    DoubleVector delta = DoubleVector.fromArray(D, deltaOut, 0);
    DoubleVector slope = DoubleVector.fromArray(D, slopeOut, 0), curvature = DoubleVector.fromArray(D, curvatureOut, 0);
    DoubleVector zStart = DoubleVector.broadcast(D, P0[0]).div(DoubleVector.fromArray(D, price0, 0));
    DoubleVector value = delta.sub(h).mul(-IMPACT);
    DoubleVector derivative = zStart.neg().sub(slope.mul(IMPACT));
    DoubleVector bend = value.mul(zStart.sub(curvature.mul(IMPACT)));
    DoubleVector next = x.sub(value.mul(derivative).mul(2).div(derivative.mul(derivative).mul(2).sub(bend)));
    evaluate(s, next);
    DoubleVector delta2 = DoubleVector.fromArray(D, deltaOut, 0);
    DoubleVector slope2 = DoubleVector.fromArray(D, slopeOut, 0);
    DoubleVector d = next.sub(x);
    DoubleVector zz = zStart.mul(d.neg().add(1).add(d.mul(d).mul(0.5)).sub(d.mul(d).mul(d).div(6)));
    DoubleVector root = next.sub(zz.sub(zStart).sub(delta2.sub(h).mul(IMPACT)).div(zz.neg().sub(slope2.mul(IMPACT))));
    DoubleVector move = root.sub(x);
    delta2.add(slope2.mul(root.sub(next))).intoArray(held, 0);
    DoubleVector low = move.min(0);
    VectorMask<Double> ok = DoubleVector.fromArray(D, oracle, 0).mul(low.add(1)).compare(VectorOperators.GT, TRIGGER[0])
        .and(DoubleVector.fromArray(D, oracle, W).mul(low.mul(CROSS_IMPACT).add(1)).compare(VectorOperators.GT, TRIGGER[1]));
    DoubleVector.fromArray(D, okLanes, 0).blend(0, ok.not()).intoArray(okLanes, 0);
    DoubleVector.fromArray(D, impact, 0).add(move).intoArray(impact, 0);
    DoubleVector.fromArray(D, impact, W).add(move.mul(CROSS_IMPACT)).intoArray(impact, W);
    reprice(0, sample, false);
    reprice(1, sample, false);
  }

  int aliveCount() { int c = 0; for (boolean a : alive) c += a ? 1 : 0; return c; }

  public static void main(String[] args) {
    VectorKernel v = new VectorKernel();
    int scenarios = 1000;
    long[] stopped = new long[1];
    double best = KernelBook.bestNanosPerStep(r -> {
      long steps = 0;
      for (int i = 0; i < scenarios; i += W) {
        v.start((long) r * scenarios + i);
        for (int s = 0; s < STEPS && v.aliveCount() > 0; s++) {
          v.step(s);
          steps += v.aliveCount(); // lanes counted while alive (a stopped lane's steps are waste)
        }
        stopped[0] += W - v.aliveCount();
        for (double m : v.minPrice) v.checksum += m;
      }
      return steps;
    });
    System.out.printf("vector kernel, 4 lanes: %.1f ns per scenario-step (stopped %d; slow gaussians %d; checksum %.6g)%n", best, stopped[0], v.slowDraws, v.checksum);
  }
}
