package io.backstop.core.bench;

import io.backstop.core.model.OptionType;
import io.backstop.core.options.BlackScholes;

/**
 * The crypto-lending book as the quiet-step kernels see it ({@link QuietKernelMain} and
 * tools/bench/VectorKernel.java): its three assets' parameters per 15-minute step (rounded from
 * examples/crypto-lending.json), the guards' trigger prices, WETH's impact and cross-impact, and
 * the table of WETH's dealers' book delta and its slope on a grid of log moves for each of the 96
 * steps of a day. Lower-bound experiments, not the model: the figures are costs, not prices.
 */
public final class KernelBook {
  public static final int ASSETS = 3;
  public static final int STEPS = 96;
  public static final int NODES = 600;
  public static final double DT = 15.0 / (365 * 24 * 60);
  public static final double[] P0 = {3400, 4010, 95000};
  public static final double[] VOLATILITY = {0.75, 0.78, 0.55};
  public static final double[] JUMPS_PER_YEAR = {3, 3, 2};
  public static final double[] JUMP_MEAN = {-0.1, -0.11, -0.08};
  public static final double[] JUMP_SD = {0.05, 0.06, 0.04};
  public static final double[] HALF_LIFE_MINUTES = {30, 60, 30};
  public static final double[] TRIGGER = {2500, 2900, 70000}; // oracle prices of the guards
  public static final double PUSH_THRESHOLD = 0.005;
  public static final int HEARTBEAT_STEPS = 4;
  public static final double IMPACT = 0.01 / 18e6 * 3400; // z per unit of WETH on its depth
  public static final double CROSS_IMPACT = 0.9; // WETH's move onto WSTETH
  public static final double GRID_LOW = -2;
  public static final double SPACING = 4.0 / NODES;
  public static final double INVERSE_SPACING = 1 / SPACING;
  public static final double TAIL_DOF = 4;

  public static final double[] NO_JUMP = new double[ASSETS];
  public static final double[] COMPENSATOR = new double[ASSETS];
  public static final double[] DECAY = new double[ASSETS];
  public static final double[] HALF_VARIANCE = new double[ASSETS];
  public static final double[] VOL_PER_STEP = new double[ASSETS];
  public static final double[] ROOT = new double[ASSETS * ASSETS]; // Cholesky factor, row-major
  public static final double[] TABLE_VALUE = new double[STEPS * NODES];
  public static final double[] TABLE_SLOPE = new double[STEPS * NODES]; // times the spacing

  static {
    double ethSteth = 0.97;
    double ethBtc = 0.75;
    double stethBtc = 0.73;
    ROOT[0] = 1;
    ROOT[3] = ethSteth;
    ROOT[4] = Math.sqrt(1 - ethSteth * ethSteth);
    ROOT[6] = ethBtc;
    ROOT[7] = (stethBtc - ethBtc * ethSteth) / ROOT[4];
    ROOT[8] = Math.sqrt(1 - ethBtc * ethBtc - ROOT[7] * ROOT[7]);
    for (int k = 0; k < ASSETS; k++) {
      double mean = JUMPS_PER_YEAR[k] * DT;
      NO_JUMP[k] = Math.exp(-mean);
      COMPENSATOR[k] = mean * (Math.exp(JUMP_MEAN[k] + JUMP_SD[k] * JUMP_SD[k] / 2) - 1);
      DECAY[k] = Math.exp(-Math.log(2) * 15 / HALF_LIFE_MINUTES[k]);
      HALF_VARIANCE[k] = VOLATILITY[k] * VOLATILITY[k] * DT / 2;
      VOL_PER_STEP[k] = VOLATILITY[k] * Math.sqrt(DT);
    }
    // WETH's dealers: short 120,000 puts at 3,000 (14 days), 80,000 at 2,800 (30 days), long
    // 60,000 calls at 3,800 (30 days); the table of their delta and its slope per step.
    for (int s = 0; s < STEPS; s++) {
      double near = 14.0 / 365 - s * DT;
      double far = 30.0 / 365 - s * DT;
      for (int j = 0; j < NODES; j++) {
        double spot = P0[0] * Math.exp(GRID_LOW + j * SPACING);
        double value =
            -120_000 * BlackScholes.delta(OptionType.PUT, spot, 3000, near, 0.7)
                - 80_000 * BlackScholes.delta(OptionType.PUT, spot, 2800, far, 0.75)
                + 60_000 * BlackScholes.delta(OptionType.CALL, spot, 3800, far, 0.68);
        double slope =
            spot
                * (-120_000 * BlackScholes.gamma(spot, 3000, near, 0.7)
                    - 80_000 * BlackScholes.gamma(spot, 2800, far, 0.75)
                    + 60_000 * BlackScholes.gamma(spot, 3800, far, 0.68));
        TABLE_VALUE[s * NODES + j] = value;
        TABLE_SLOPE[s * NODES + j] = slope * SPACING;
      }
    }
  }

  private KernelBook() {}
}
