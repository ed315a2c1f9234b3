package io.backstop.core.sim;

import io.backstop.core.options.BlackScholes;
import io.backstop.core.options.Normal;

/**
 * The dealers' book delta per asset, Delta_k(x) = sum over options on k of sign x OI x
 * delta_BS(e^x, T - t), tabulated for one time step on a grid of log prices around the price at the
 * step's first hedge, and interpolated between nodes: what the Monte Carlo's cascade rounds
 * evaluate instead of a logarithm and a normal CDF per option per round.
 *
 * <p>Nodes x_j = a + j h (a the log price at the step's first hedge) are evaluated exactly, and
 * lazily, the first time a round needs them in the step: the book delta D_j and its slope G_j =
 * dDelta/dx = sum sign x OI x phi(d1) / v (no logarithm: ln(S/K) = x_j - ln K). Between nodes the
 * cubic Hermite interpolant of (D, G) at t = (x - x_j) / h. Its error is at most h^4 / 384 x max
 * |Delta''''| (the Hermite remainder), and Delta''''(x) = sum sign x OI x N''''(d1) / v^4 with
 * |N''''| = |(d^3 - 3 d) phi(d)| <= {@value #MAX_FOURTH_DERIVATIVE}. The spacing is chosen per
 * asset and step so that this bound is {@value #TOLERANCE} x sum |OI| (gross open interest, the
 * largest book delta possible): h = (384 tol sum |OI| / (M4 sum |OI| / v^4))^(1/4).
 *
 * <p>The table is not used (the caller evaluates exactly) for an asset when an option on it has no
 * time value left (its delta jumps at the strike) or the spacing would be below {@value
 * #MIN_SPACING} (short-dated options: a round's move would cross nodes), and for a price beyond the
 * {@value #NODES} nodes. The price is indexed by its log move f + I, so no logarithm is taken.
 */
final class BookDeltaTable {
  /** Interpolation error bound per unit of gross open interest. */
  static final double TOLERANCE = 1e-8;

  /** max over d of |N''''(d)| = |(d^3 - 3 d) phi(d)| = 0.55059 (at d = 0.6167), rounded up. */
  static final double MAX_FOURTH_DERIVATIVE = 0.5506;

  /** Below this log spacing the table would cost more node evaluations than it saves. */
  static final double MIN_SPACING = 1e-3;

  /** Nodes per asset, centred on the step's first hedge price (j = -NODES/2 .. NODES/2 - 1). */
  static final int NODES = 64;

  private static final int HALF = NODES / 2;

  private final CompiledExposure book;
  private final double[] logInitialPrice;
  private final double[] logStrike;
  private final double[] spacing; // per asset; 0: not tabulated this step
  private final double[] anchor; // per asset: log move f + I of node 0
  private final int[] stamp; // [k * NODES + node] epoch at which the node was evaluated
  private final double[] value;
  private final double[] slope; // dDelta/dx times the spacing
  private int epoch;

  BookDeltaTable(CompiledExposure book) {
    this.book = book;
    int n = book.assets;
    logInitialPrice = new double[n];
    for (int k = 0; k < n; k++) {
      logInitialPrice[k] = Math.log(book.initialPrice[k]);
    }
    logStrike = new double[book.options];
    for (int i = 0; i < book.options; i++) {
      logStrike[i] = Math.log(book.optionStrike[i]);
    }
    spacing = new double[n];
    anchor = new double[n];
    stamp = new int[n * NODES];
    value = new double[n * NODES];
    slope = new double[n * NODES];
  }

  /**
   * Starts a step: chooses each hedged asset's spacing from the options' total volatilities v and
   * anchors its grid at the current log move f[k] + impact[k]; forgets every node.
   */
  void startStep(double[] totalVol, double[] f, double[] impact) {
    epoch++;
    if (epoch == 0) { // wrapped: stamps of 0 must not look current
      java.util.Arrays.fill(stamp, -1);
      epoch = 1;
    }
    for (int k : book.hedgedAssets) {
      double gross = 0;
      double fourth = 0;
      boolean smooth = true;
      for (int j = book.optionAssetStart[k]; j < book.optionAssetStart[k + 1]; j++) {
        int i = book.optionByAsset[j];
        double v = totalVol[i];
        double w = Math.abs(book.optionWeight[i]);
        smooth &= v >= BlackScholes.MIN_TOTAL_VOLATILITY;
        gross += w;
        double v2 = v * v;
        fourth += w / (v2 * v2);
      }
      double h =
          smooth && gross > 0
              ? Math.sqrt(Math.sqrt(384 * TOLERANCE * gross / (MAX_FOURTH_DERIVATIVE * fourth)))
              : 0;
      spacing[k] = h >= MIN_SPACING && Double.isFinite(h) ? h : 0;
      anchor[k] = f[k] + impact[k];
    }
  }

  /**
   * The interpolated book delta of asset k at log move {@code logMove} (f + I), or NaN when the
   * table does not serve it (the caller then evaluates exactly).
   */
  double bookDelta(int k, double logMove, double[] totalVol, double[] halfVariance) {
    double h = spacing[k];
    if (h == 0) {
      return Double.NaN;
    }
    double u = (logMove - anchor[k]) / h;
    double cell = Math.floor(u);
    if (!(cell >= -HALF && cell < HALF - 1)) { // also NaN
      return Double.NaN;
    }
    int j = (int) cell;
    int at = k * NODES + HALF + j;
    if (stamp[at] != epoch) {
      evaluate(k, j, at, totalVol, halfVariance);
    }
    if (stamp[at + 1] != epoch) {
      evaluate(k, j + 1, at + 1, totalVol, halfVariance);
    }
    double t = u - cell;
    double s = 1 - t;
    double h00 = (1 + 2 * t) * s * s;
    double h10 = t * s * s;
    double h01 = t * t * (3 - 2 * t);
    double h11 = -t * t * s;
    return h00 * value[at] + h10 * slope[at] + h01 * value[at + 1] + h11 * slope[at + 1];
  }

  /** True when asset k is tabulated this step: its options are smooth and not too short-dated. */
  boolean serves(int k) {
    return spacing[k] > 0;
  }

  /** dDelta/dx at the last {@link #deltaAndSlope} call. */
  double lastSlope;

  /**
   * The book delta of asset k at log move {@code logMove} and, in {@link #lastSlope}, its slope
   * dDelta/dx: interpolated (the Hermite cubic and its derivative) where the table serves, exact
   * otherwise. Never NaN for finite inputs.
   */
  double deltaAndSlope(int k, double logMove, double[] totalVol, double[] halfVariance) {
    double h = spacing[k];
    double u = h == 0 ? Double.NaN : (logMove - anchor[k]) / h;
    double cell = Math.floor(u);
    if (!(cell >= -HALF && cell < HALF - 1)) { // also NaN
      return exactDeltaAndSlope(k, logInitialPrice[k] + logMove, totalVol, halfVariance);
    }
    int j = (int) cell;
    int at = k * NODES + HALF + j;
    if (stamp[at] != epoch) {
      evaluate(k, j, at, totalVol, halfVariance);
    }
    if (stamp[at + 1] != epoch) {
      evaluate(k, j + 1, at + 1, totalVol, halfVariance);
    }
    double t = u - cell;
    double s = 1 - t;
    double v0 = value[at];
    double m0 = slope[at];
    double v1 = value[at + 1];
    double m1 = slope[at + 1];
    lastSlope =
        (6 * t * (t - 1) * (v0 - v1) + (3 * t - 1) * (t - 1) * m0 + t * (3 * t - 2) * m1) / h;
    return (1 + 2 * t) * s * s * v0 + t * s * s * m0 + t * t * (3 - 2 * t) * v1 - t * t * s * m1;
  }

  /** Exact book delta of asset k at log price x, its slope dDelta/dx in {@link #lastSlope}. */
  private double exactDeltaAndSlope(int k, double x, double[] totalVol, double[] halfVariance) {
    double delta = 0;
    double gamma = 0;
    for (int o = book.optionAssetStart[k]; o < book.optionAssetStart[k + 1]; o++) {
      int i = book.optionByAsset[o];
      double v = totalVol[i];
      double w = book.optionWeight[i];
      if (!(v >= BlackScholes.MIN_TOTAL_VOLATILITY)) {
        double callDelta = x > logStrike[i] ? 1 : 0; // no time value: intrinsic, no slope
        delta += w * (book.optionCall[i] ? callDelta : callDelta - 1);
        continue;
      }
      double d1 = (x - logStrike[i] + halfVariance[i]) / v;
      double callDelta = Normal.cdf(d1);
      delta += w * (book.optionCall[i] ? callDelta : callDelta - 1);
      gamma += w * Normal.pdf(d1) / v;
    }
    lastSlope = gamma;
    return delta;
  }

  /** Exact book delta and slope (times h) at node j of asset k. */
  private void evaluate(int k, int j, int at, double[] totalVol, double[] halfVariance) {
    double x = logInitialPrice[k] + anchor[k] + j * spacing[k];
    double delta = 0;
    double gamma = 0;
    for (int o = book.optionAssetStart[k]; o < book.optionAssetStart[k + 1]; o++) {
      int i = book.optionByAsset[o];
      double v = totalVol[i];
      double d1 = (x - logStrike[i] + halfVariance[i]) / v;
      double w = book.optionWeight[i];
      double callDelta = Normal.cdf(d1);
      delta += w * (book.optionCall[i] ? callDelta : callDelta - 1);
      gamma += w * Normal.pdf(d1) / v;
    }
    value[at] = delta;
    slope[at] = gamma * spacing[k];
    stamp[at] = epoch;
  }
}
