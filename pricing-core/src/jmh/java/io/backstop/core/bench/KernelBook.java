package io.backstop.core.bench;

import io.backstop.core.model.Asset;
import io.backstop.core.model.Correlation;
import io.backstop.core.model.CrossImpact;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.options.BlackScholes;
import io.backstop.core.sim.RandomStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The crypto-lending book ({@link ExampleBooks#cryptoLending()}) as the quiet-step kernels see it
 * ({@link QuietKernelMain} and tools/bench/VectorKernel.java): its three assets' parameters per
 * step of its run, the Cholesky factor of its correlations, WETH's impact on its linear depth and
 * its cross-impact on WSTETH, and the table of WETH's dealers' book delta and its slope on a grid
 * of log moves for each step. The guards' trigger prices are the kernels' own, below the book's
 * loans, so that scenarios stay on the quiet path the kernels measure. Lower-bound experiments, not
 * the model: the arrays are shared and only read.
 */
public final class KernelBook {
  private static final ProtocolExposure BOOK = ExampleBooks.cryptoLending().exposure();
  private static final List<Asset> LIST = BOOK.assets();

  public static final int ASSETS = 3;
  public static final int STEPS = ExampleBooks.cryptoLending().settings().withDefaults().steps();
  public static final double STEP_MINUTES =
      ExampleBooks.cryptoLending().settings().withDefaults().stepMinutes();
  public static final double DT = STEP_MINUTES / (365 * 24 * 60);
  public static final int NODES = 600;
  public static final double GRID_LOW = -2;
  public static final double SPACING = 4.0 / NODES;
  public static final double INVERSE_SPACING = 1 / SPACING;
  public static final double[] TRIGGER = {2500, 2900, 70000}; // oracle prices of the guards
  public static final double TAIL_DOF = LIST.get(0).tailDof();

  public static final double[] P0 = new double[ASSETS];
  public static final double[] JUMP_MEAN = new double[ASSETS];
  public static final double[] JUMP_SD = new double[ASSETS];
  public static final double[] NO_JUMP = new double[ASSETS];
  public static final double[] COMPENSATOR = new double[ASSETS];
  public static final double[] DECAY = new double[ASSETS];
  public static final double[] HALF_VARIANCE = new double[ASSETS];
  public static final double[] VOL_PER_STEP = new double[ASSETS];
  public static final double[] PUSH_THRESHOLD = new double[ASSETS];
  public static final int[] HEARTBEAT_STEPS = new int[ASSETS];
  public static final double[] ROOT = new double[ASSETS * ASSETS]; // Cholesky factor, row-major

  /** z = P0 / P per unit of WETH sold on its linear depth: 0.01 P0 / (USD per 1%). */
  public static final double IMPACT =
      0.01
          * LIST.get(0).priceUsd()
          / ((LinearDepth) LIST.get(0).liquidity().curve()).usdPerPercent();

  /** WETH's move onto WSTETH's. */
  public static final double CROSS_IMPACT = crossImpact("WETH", "WSTETH");

  public static final double[] TABLE_VALUE = new double[STEPS * NODES];
  public static final double[] TABLE_SLOPE = new double[STEPS * NODES]; // times the spacing

  static {
    DMatrixRMaj correlation = DMatrixRMaj.wrap(ASSETS, ASSETS, new double[ASSETS * ASSETS]);
    for (int k = 0; k < ASSETS; k++) {
      Asset a = LIST.get(k);
      P0[k] = a.priceUsd();
      double mean = a.jump().intensityPerYear() * DT;
      JUMP_MEAN[k] = a.jump().meanLogJump();
      JUMP_SD[k] = a.jump().stdLogJump();
      NO_JUMP[k] = Math.exp(-mean);
      COMPENSATOR[k] = mean * (Math.exp(JUMP_MEAN[k] + JUMP_SD[k] * JUMP_SD[k] / 2) - 1);
      DECAY[k] = Math.exp(-Math.log(2) * STEP_MINUTES / a.liquidity().halfLifeMinutes());
      HALF_VARIANCE[k] = a.annualVolatility() * a.annualVolatility() * DT / 2;
      VOL_PER_STEP[k] = a.annualVolatility() * Math.sqrt(DT);
      PUSH_THRESHOLD[k] = a.oracle().deviationThresholdFraction();
      HEARTBEAT_STEPS[k] = (int) Math.round(a.oracle().heartbeatSeconds() / 60 / STEP_MINUTES);
      correlation.set(k, k, 1);
    }
    for (Correlation c : BOOK.correlations()) {
      int a = index(c.assetA());
      int b = index(c.assetB());
      correlation.set(a, b, c.correlation());
      correlation.set(b, a, c.correlation());
    }
    CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(ASSETS, true);
    if (!cholesky.decompose(correlation)) {
      throw new IllegalStateException("the example's correlations are not positive definite");
    }
    System.arraycopy(cholesky.getT(null).data, 0, ROOT, 0, ASSETS * ASSETS);
    // WETH's dealers (the example's options on it): the table of their book delta and its slope.
    for (int s = 0; s < STEPS; s++) {
      double years = (s + 1) * DT; // the step's hedge time, its end, as the engine's
      for (int j = 0; j < NODES; j++) {
        double spot = P0[0] * Math.exp(GRID_LOW + j * SPACING);
        double value = 0;
        double slope = 0;
        for (OptionPosition o : BOOK.options()) {
          double t = o.expiryDays() / 365 - years;
          double units = o.dealerSign() * o.openInterest();
          value +=
              units
                  * BlackScholes.delta(
                      o.optionType(), spot, o.strikeUsd(), t, o.impliedVolatility());
          slope += units * spot * BlackScholes.gamma(spot, o.strikeUsd(), t, o.impliedVolatility());
        }
        TABLE_VALUE[s * NODES + j] = value;
        TABLE_SLOPE[s * NODES + j] = slope * SPACING;
      }
    }
  }

  private KernelBook() {}

  /**
   * The table's cubic at log move x of step s (WETH's dealers' book delta): the delta in out[at],
   * its slope in out[at + 1] and its curvature in out[at + 2]; returns the delta. A position off
   * the grid reads the nearest cell's cubic (a kernel's stopped scenario may wander there).
   */
  public static double cubic(int s, double x, double[] out, int at) {
    double t = (x - GRID_LOW) * INVERSE_SPACING;
    int j = (int) Math.floor(t);
    t -= j;
    int node = s * NODES + Math.max(0, Math.min(NODES - 2, j));
    double v0 = TABLE_VALUE[node];
    double g0 = TABLE_SLOPE[node];
    double g1 = TABLE_SLOPE[node + 1];
    double dv = TABLE_VALUE[node + 1] - v0;
    double c2 = 3 * dv - 2 * g0 - g1;
    double c3 = -2 * dv + g0 + g1;
    out[at + 1] = (g0 + t * (2 * c2 + 3 * t * c3)) * INVERSE_SPACING;
    out[at + 2] = (2 * c2 + 6 * t * c3) * INVERSE_SPACING * INVERSE_SPACING;
    out[at] = v0 + t * (g0 + t * (c2 + t * c3));
    return out[at];
  }

  /** Marsaglia-Tsang's constants of the tails' chi-square (RandomStream#nextChiSquare). */
  public static final double CHI_D = RandomStream.chiSquareD(TAIL_DOF);

  public static final double CHI_C = RandomStream.chiSquareC(CHI_D);

  /** Warm-up runs and measured runs of a kernel's timing ({@link #bestNanosPerStep}). */
  public static final int WARM_RUNS = 5;

  public static final int RUNS = 35;

  /** The step's tail mixing s = sqrt((nu - 2) / chi2_nu), shared by the three assets. */
  public static double mixing(RandomStream r) {
    return Math.sqrt((TAIL_DOF - 2) / r.nextChiSquare(CHI_D, CHI_C));
  }

  /** A log move f + move saturated at +-50, as the engine's (ScenarioWorker.MAX_LOG_MOVE). */
  public static double moved(double f, double move) {
    return Math.max(-50, Math.min(50, f + move));
  }

  /**
   * The best of {@link #RUNS} runs, after {@link #WARM_RUNS} warm-up runs, in nanoseconds of this
   * thread's CPU per counted scenario-step: {@code run} runs round r and returns the steps it
   * counted.
   */
  public static double bestNanosPerStep(IntToLongFunction run) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < WARM_RUNS + RUNS; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long steps = run.applyAsLong(r);
      long c1 = threads.getCurrentThreadCpuTime();
      if (r >= WARM_RUNS) {
        best = Math.min(best, (c1 - c0) / (double) steps);
      }
    }
    return best;
  }

  /** Asset k's correlated shock from three independent Gaussians (ROOT is lower triangular). */
  public static double correlated(int k, double z0, double z1, double z2) {
    return k == 0
        ? z0
        : k == 1 ? ROOT[3] * z0 + ROOT[4] * z1 : ROOT[6] * z0 + ROOT[7] * z1 + ROOT[8] * z2;
  }

  /**
   * Asset k's log move over a step at tail mixing m and correlated shock zk, with its jump (a
   * uniform, and a Gaussian when it jumps) drawn from r.
   */
  public static double logMove(int k, double m, double zk, RandomStream r) {
    double move = -HALF_VARIANCE[k] * m * m + VOL_PER_STEP[k] * m * zk - COMPENSATOR[k];
    if (r.nextUniform() > NO_JUMP[k]) {
      move += JUMP_MEAN[k] + JUMP_SD[k] * r.nextGaussian();
    }
    return move;
  }

  private static int index(String id) {
    for (int k = 0; k < ASSETS; k++) {
      if (LIST.get(k).id().equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("no asset " + id);
  }

  private static double crossImpact(String source, String target) {
    for (CrossImpact c : BOOK.crossImpacts()) {
      if (c.sourceAssetId().equals(source) && c.targetAssetId().equals(target)) {
        return c.impactElasticity();
      }
    }
    return 0;
  }
}
