package io.backstop.core.sim;

import io.backstop.core.options.BlackScholes;
import io.backstop.core.options.Normal;

/**
 * The dealers' book delta per asset, Delta_k(x) = sum over options on k of sign x OI x
 * delta_BS(e^x, T - t), tabulated for every time step of a run on a grid of log moves x = f + I
 * (log price relative to P0), and interpolated between nodes: what the Monte Carlo's cascade rounds
 * evaluate instead of a logarithm and a normal CDF per option per round. One table per run, shared
 * by its workers: a node's value depends on the step and the price, not on the scenario, so each
 * node is evaluated once, by the first worker whose scenario needs it (only the nodes the
 * scenarios' prices reach are ever evaluated), and published to the others with release/acquire
 * ordering. Two workers may evaluate the same node at once; they write the same bits.
 *
 * <p>Nodes x_j = lo + j h carry the exact book delta D_j and its slope G_j = dDelta/dx = sum sign x
 * OI x phi(d1) / v. Between nodes the cubic Hermite interpolant of (D, G) at t = (x - x_j) / h. Its
 * error is at most h^4 / 384 x max |Delta''''| (the Hermite remainder), and Delta''''(x) = sum sign
 * x OI x N''''(d1) / v^4 with |N''''| = |(d^3 - 3 d) phi(d)| <= {@value #MAX_FOURTH_DERIVATIVE}.
 * The spacing is chosen per asset and step so that this bound is {@value #TOLERANCE} x sum |OI|
 * (gross open interest, the largest book delta possible): h = (384 tol sum |OI| / (M4 sum |OI| /
 * v^4))^(1/4).
 *
 * <p>The grid spans log moves from -1.5 - 6 sigma sqrt(H) to 0.5 + 6 sigma sqrt(H) (sigma the
 * asset's volatility, H the run's horizon; within +-4), narrowed when the whole table would exceed
 * {@value #MAX_ENTRIES} nodes or {@value #MAX_EVALUATIONS} option evaluations (were every node
 * evaluated); a run whose options' volatilities per step would exceed {@value #MAX_ENTRIES} entries
 * gets no table ({@link #of}). Options expired by a step's hedge time have left the book (settled
 * in cash) and count neither in the table nor in the exact deltas. The table does not serve an
 * asset at a step (the caller evaluates exactly) when a live option on it has almost no time value
 * left (its delta turns into a step at the strike) or the spacing would be below {@value
 * #MIN_SPACING} (short-dated options), nor a price outside the grid.
 */
final class BookDeltaTable {
  /** Interpolation error bound per unit of gross open interest. */
  static final double TOLERANCE = 1e-8;

  /** max over d of |N''''(d)| = |(d^3 - 3 d) phi(d)| = 0.55059 (at d = 0.6167), rounded up. */
  static final double MAX_FOURTH_DERIVATIVE = 0.5506;

  /** Below this log spacing a round's move would cross many nodes: exact evaluation instead. */
  static final double MIN_SPACING = 1e-3;

  /** Nodes of a run's table at most (16 bytes each): 16 MiB. */
  static final long MAX_ENTRIES = 1L << 20;

  /** Option evaluations to build a run's table at most (about a second). */
  static final long MAX_EVALUATIONS = 1L << 25;

  private final CompiledExposure book;
  private final int n;
  private final double[] logInitialPrice;
  private final double[] logStrike;
  // Per step and asset, [step * n + k]: spacing (0: not served), x of node 0, first node, nodes.
  private final double[] spacing;
  private final double[] inverseSpacing;
  private final double[] low;
  private final int[] offset;
  private final int[] count;
  private final double[] value;
  private final double[] slope; // dDelta/dx times the spacing
  private final byte[] ready; // 1 once value and slope of the node are written (release/acquire)
  // Per step and option, [step * options + i]: total volatility and half variance at the step's
  // hedge time, for the nodes and the exact evaluations off the grid.
  private final double[] stepTotalVol;
  private final double[] stepHalfVariance;

  private static final java.lang.invoke.VarHandle READY =
      java.lang.invoke.MethodHandles.arrayElementVarHandle(byte[].class);

  /**
   * The table of the book's run; null when the book has no options or when the options'
   * volatilities per step would exceed {@value #MAX_ENTRIES} entries (the run then evaluates every
   * delta exactly).
   */
  static BookDeltaTable of(CompiledExposure book) {
    return book.options > 0 && (long) book.steps * book.options <= MAX_ENTRIES
        ? new BookDeltaTable(book)
        : null;
  }

  /** Builds the table of every step of the book's run (see {@link #of} for when to). */
  BookDeltaTable(CompiledExposure book) {
    this.book = book;
    n = book.assets;
    int steps = book.steps;
    logInitialPrice = new double[n];
    for (int k = 0; k < n; k++) {
      logInitialPrice[k] = Math.log(book.initialPrice[k]);
    }
    logStrike = new double[book.options];
    for (int i = 0; i < book.options; i++) {
      logStrike[i] = Math.log(book.optionStrike[i]);
    }
    spacing = new double[steps * n];
    inverseSpacing = new double[steps * n];
    low = new double[steps * n];
    offset = new int[steps * n];
    count = new int[steps * n];
    stepTotalVol = new double[steps * book.options];
    stepHalfVariance = new double[steps * book.options];
    // First pass: the spacings, and the nodes and evaluations the full range would need.
    long entries = 0;
    long evaluations = 0;
    for (int step = 0; step < steps; step++) {
      int base = step * book.options;
      double years = book.hedgeYears(step);
      for (int i = 0; i < book.options; i++) {
        double v =
            BlackScholes.totalVolatility(book.optionExpiryYears[i] - years, book.optionVol[i]);
        stepTotalVol[base + i] = v;
        stepHalfVariance[base + i] = 0.5 * v * v;
      }
      for (int k : book.hedgedAssets) {
        int at = step * n + k;
        spacing[at] = spacing(k, base, years);
        if (spacing[at] > 0) {
          long nodes = (long) Math.ceil(width(k) / spacing[at]) + 2;
          entries += nodes;
          evaluations += nodes * (book.optionAssetStart[k + 1] - book.optionAssetStart[k]);
        }
      }
    }
    double shrink =
        Math.min(
            1,
            Math.min(
                (double) MAX_ENTRIES / Math.max(1, entries),
                (double) MAX_EVALUATIONS / Math.max(1, evaluations)));
    int total = 0;
    for (int at = 0; at < steps * n; at++) {
      if (spacing[at] > 0) {
        int k = at % n;
        long nodes = (long) Math.ceil(width(k) * shrink / spacing[at]) + 2;
        if (total + nodes > MAX_ENTRIES) {
          spacing[at] = 0;
          continue;
        }
        low[at] = lowEnd(k) * shrink;
        inverseSpacing[at] = 1 / spacing[at];
        offset[at] = total;
        count[at] = (int) nodes;
        total += (int) nodes;
      }
    }
    value = new double[total];
    slope = new double[total];
    ready = new byte[total];
  }

  /**
   * Nodes j and j + 1 (absolute indices) of asset k at the step, the ends of a cell: evaluated if
   * no worker has yet, and then readable. The check is plain reads of the flags followed by the
   * acquire fence, which is getAcquire (the reads of the nodes that follow stay after it) in a body
   * small enough for the compiler to inline into the lookups; the evaluation, once per node and
   * run, is apart.
   */
  private void ensureCell(int step, int k, int at, int j) {
    if ((ready[j] & ready[j + 1]) == 0) {
      evaluateCell(step, k, at, j);
    }
    java.lang.invoke.VarHandle.acquireFence();
  }

  private void evaluateCell(int step, int k, int at, int j) {
    for (int node = j; node <= j + 1; node++) {
      if ((byte) READY.getAcquire(ready, node) == 0) {
        evaluate(step, k, at, node);
      }
    }
  }

  private void evaluate(int step, int k, int at, int j) {
    double h = spacing[at];
    double[] gamma = new double[2]; // once per node and run
    value[j] = exactDeltaAndSlope(step, k, low[at] + (j - offset[at]) * h, gamma);
    slope[j] = gamma[0] * h;
    READY.setRelease(ready, j, (byte) 1);
  }

  /** sigma sqrt(H) of asset k: its per-step volatility times sqrt(steps). */
  private double horizonVolatility(int k) {
    return book.volPerStep[k] * Math.sqrt(book.steps);
  }

  private double lowEnd(int k) {
    return Math.max(-4, -1.5 - 6 * horizonVolatility(k));
  }

  private double width(int k) {
    return Math.min(4, 0.5 + 6 * horizonVolatility(k)) - lowEnd(k);
  }

  /**
   * The spacing of asset k's nodes at the step whose volatilities start at base and whose hedge is
   * at {@code years}; 0: none. Expired options have left the book; with none left the delta is 0
   * everywhere and the exact evaluation (an empty sum) serves.
   */
  private double spacing(int k, int base, double years) {
    double gross = 0;
    double fourth = 0;
    boolean smooth = true;
    for (int j = book.optionAssetStart[k]; j < book.optionAssetStart[k + 1]; j++) {
      int i = book.optionByAsset[j];
      if (book.optionExpired(i, years)) {
        continue;
      }
      double v = stepTotalVol[base + i];
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
    return h >= MIN_SPACING && Double.isFinite(h) ? h : 0;
  }

  /** True when asset k is tabulated at the step: its options are smooth and not too short-dated. */
  boolean serves(int step, int k) {
    return spacing[step * n + k] > 0;
  }

  /**
   * The interpolated book delta of asset k at log move {@code logMove} (f + I) at the step, or NaN
   * when the table does not serve it (the caller then evaluates exactly).
   */
  double bookDelta(int step, int k, double logMove) {
    int at = step * n + k;
    double u = gridPosition(at, logMove);
    double cell = Math.floor(u);
    if (!(cell >= 0 && cell < count[at] - 1)) { // also NaN: not served or off the grid
      return Double.NaN;
    }
    int j = offset[at] + (int) cell;
    ensureCell(step, k, at, j);
    return hermiteValue(u - cell, j);
  }

  /**
   * The book delta of asset k at log move {@code logMove} at the step, its slope dDelta/dx in
   * {@code slopeOut[0]} and its curvature d2Delta/dx2 in {@code slopeOut[1]}: interpolated (the
   * Hermite cubic and its derivatives) where the table serves, exact otherwise.
   */
  double deltaAndSlope(int step, int k, double logMove, double[] slopeOut) {
    int at = step * n + k;
    double u = gridPosition(at, logMove);
    double cell = Math.floor(u);
    if (!(cell >= 0 && cell < count[at] - 1)) { // also NaN: not served or off the grid
      return exactDeltaAndSlope(step, k, logMove, slopeOut);
    }
    int j = offset[at] + (int) cell;
    ensureCell(step, k, at, j);
    return hermite(u - cell, j, inverseSpacing[at], slopeOut);
  }

  /** The Hermite cubic of the cell from node j at t in [0, 1]. */
  private double hermiteValue(double t, int j) {
    double s = 1 - t;
    return (1 + 2 * t) * s * s * value[j]
        + t * s * s * slope[j]
        + t * t * (3 - 2 * t) * value[j + 1]
        - t * t * s * slope[j + 1];
  }

  /**
   * The Hermite cubic of the cell from node j at t in [0, 1], and its slope and curvature per unit
   * of log move (inverse: 1 / spacing) in out[0] and out[1].
   */
  private double hermite(double t, int j, double inverse, double[] out) {
    double v0 = value[j];
    double m0 = slope[j];
    double v1 = value[j + 1];
    double m1 = slope[j + 1];
    out[0] =
        (6 * t * (t - 1) * (v0 - v1) + (3 * t - 1) * (t - 1) * m0 + t * (3 * t - 2) * m1) * inverse;
    out[1] = ((12 * t - 6) * (v0 - v1) + (6 * t - 4) * m0 + (6 * t - 2) * m1) * (inverse * inverse);
    return hermiteValue(t, j);
  }

  /** Position of log move x in the grid of slot at, in spacings from node 0; NaN: not served. */
  private double gridPosition(int at, double logMove) {
    return spacing[at] == 0 ? Double.NaN : (logMove - low[at]) * inverseSpacing[at];
  }

  /**
   * Exact book delta of asset k at log move {@code logMove} and the step, its slope dDelta/dx in
   * {@code slopeOut[0]} and curvature in {@code slopeOut[1]}: what the nodes hold, and what a price
   * the table does not serve gets. With phi' = -d phi: dDelta/dx = sum w phi(d1) / v and
   * d2Delta/dx2 = -sum w d1 phi(d1) / v^2.
   */
  private double exactDeltaAndSlope(int step, int k, double logMove, double[] slopeOut) {
    double x = logInitialPrice[k] + logMove;
    int base = step * book.options;
    double years = book.hedgeYears(step);
    double delta = 0;
    double gamma = 0;
    double curvature = 0;
    for (int o = book.optionAssetStart[k]; o < book.optionAssetStart[k + 1]; o++) {
      int i = book.optionByAsset[o];
      if (book.optionExpired(i, years)) {
        continue; // settled: out of the book
      }
      double v = stepTotalVol[base + i];
      double w = book.optionWeight[i];
      if (!(v >= BlackScholes.MIN_TOTAL_VOLATILITY)) {
        double callDelta = x > logStrike[i] ? 1 : 0; // no time value: intrinsic, no slope
        delta += w * (book.optionCall[i] ? callDelta : callDelta - 1);
        continue;
      }
      double d1 = (x - logStrike[i] + stepHalfVariance[base + i]) / v;
      double callDelta = Normal.cdf(d1);
      delta += w * (book.optionCall[i] ? callDelta : callDelta - 1);
      double density = Normal.pdf(d1);
      gamma += w * density / v;
      curvature -= w * d1 * density / (v * v);
    }
    slopeOut[0] = gamma;
    slopeOut[1] = curvature;
    return delta;
  }
}
