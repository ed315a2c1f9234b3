package io.backstop.core.pricing;

import io.backstop.core.model.CoverTerms;
import io.backstop.core.risk.TailLevel;
import io.backstop.core.risk.TailLossResult;
import io.backstop.core.risk.TailStatistics;
import io.backstop.core.sim.RandomStream;
import java.math.BigDecimal;

/**
 * Premium of a cover layer over its term (MODEL.md section 6), from the simulated gross losses of N
 * scenarios of one horizon of H hours each and the protocol's insurance fund F.
 *
 * <h2>Layer and term</h2>
 *
 * The term holds n = termDays x 24 / H horizons, treated as independent draws G_h of the gross
 * loss. The insurance fund absorbs first losses once over the term: it is drawn down by each
 * horizon's gross loss and not refilled (F_1 = F, L_h = max(G_h - F_h, 0), F_{h+1} = max(F_h - G_h,
 * 0)), so the protocol's loss in a horizon is what the fund left over could not cover. (Each
 * horizon starting with a full fund would understate the term's losses whenever several horizons
 * lose.) Per horizon the layer loses y_h = min(max(L_h - A, 0), M). The limit M is also an
 * aggregate limit over the term, as an insurer writing a parametric cover expects (the rate on line
 * P / M then means what it says): the term layer loss is
 *
 * <pre>
 *   T = min( sum_{h=1..n} y_h , M ) = min( sum_h max(L_h - A, 0), M ).
 * </pre>
 *
 * With F = 0, L_h = G_h: the per-horizon net losses of a run without a fund.
 *
 * <p>A non-integer n = n0 + f (n0 = floor n, 0 <= f < 1) is handled by thinning: every term path
 * holds n0 horizons plus one more with probability f, so the expected number of horizons is n
 * exactly and, below the cap, E[T] = n E[y] exactly.
 *
 * <h2>Aggregation: resampling</h2>
 *
 * {@code termPaths} term paths each draw their horizons' scenario indices uniformly, with
 * replacement, from the N scenarios. Path p has its own SplitMix64 stream keyed by (seed, p), so
 * the result is bit-reproducible and independent of evaluation order; the term losses are then
 * reduced by {@link TailStatistics} (sorting makes the reduction order-free). EL_term and ES99_term
 * are the mean and the 99% Acerbi-Tasche expected shortfall of the T_p, the hit probability the
 * fraction of T_p > 0.
 *
 * <h2>Premium</h2>
 *
 * With w = c x termDays / 365 (at most 1, see {@link CoverTerms}):
 *
 * <pre>
 *   P = (EL_term + w (ES99_term - EL_term)) / (1 - e),   risk load = w (ES99 - EL),
 *   expense load = P - EL_term - risk load.
 * </pre>
 *
 * The numerator EL + w (ES - EL) is evaluated exactly and rounded once (BigDecimal), so that it is
 * non-decreasing in EL (coefficient 1 - w >= 0), in ES (coefficient w >= 0) and in w (coefficient
 * ES - EL >= 0) even in floating point. The parts are then chosen to add up to P exactly.
 *
 * <h2>Why the monotone properties hold exactly (common random numbers)</h2>
 *
 * The scenario indices and the thinning draw of every path depend only on (seed, p, N, n): not on
 * A, M, F, the losses, c or e. Along a path the fund left F_h is non-increasing in every G_i and
 * non-decreasing in F, so each L_h = max(G_h - F_h, 0) is non-decreasing in every G_i and
 * non-increasing in F; each y = min(max(L - A, 0), M) is non-increasing in A and non-decreasing in
 * M and L (the operations are monotone, and IEEE rounding is a monotone function); a sum of
 * non-negative terms in a fixed order and min(., M) keep that, so every T_p is, path by path,
 * non-increasing in A and F and non-decreasing in M and in every G_i. The sorted samples are then
 * ordered term by term, and EL (a fixed-order sum of the sorted sample) and ES (non-negative
 * weights on order statistics, then a max with VaR and EL) inherit the order. The numerator is
 * monotone in EL, ES and w as above, w is monotone in c, 1 - e is decreasing in e and the division
 * by it is monotone. So, with the same seed: a higher attachment or a larger fund never raises the
 * premium; a higher limit, a larger loss in any scenario, a higher cost of capital or expense load
 * never lower it. Also P >= numerator >= EL_term, and P <= M / (1 - e).
 *
 * <h2>Monte Carlo error</h2>
 *
 * The error of P comes mostly from the finite scenario set, not from the resampling: a scenario
 * drawn into many term paths moves them all, so a standard error computed from the term paths as if
 * independent would understate it by about sqrt(n). The standard error is therefore estimated by
 * batch means: the scenarios are split into {@code batches} = G contiguous groups (scenarios are
 * independent, so the groups are too); group g prices the cover on its own with termPaths / G paths
 * resampled only from its scenarios, giving P_g; then SE(P) = sqrt( sum_g (P_g - mean P_g)^2 / (G
 * (G - 1)) ), the standard error of a mean of G independent estimates each from N / G scenarios,
 * which is the error of one estimate from N scenarios when the estimator is close to linear. NaN
 * when N < G.
 *
 * <p>Cost: 2 x termPaths x n random draws. Stateless and thread-safe.
 */
public final class CoverPricer {

  /** 20,000 term paths, 10 batches for the standard error. */
  public static final CoverPricer DEFAULT = new CoverPricer(20_000, 10);

  /** Confidence level of the term expected shortfall in the risk load. */
  public static final double TERM_CONFIDENCE = 0.99;

  /** Largest accepted number of horizons per term (keeps the cost bounded and n0 an int). */
  public static final double MAX_HORIZONS_PER_TERM = 100_000;

  private static final long GOLDEN = RandomStream.GOLDEN_GAMMA;
  private static final long MAIN_SALT = 0x6d61696e5061746cL;
  private static final long BATCH_SALT = 0x6261746368657321L;
  private static final double[] TERM_LEVEL = {TERM_CONFIDENCE};
  private static final int MAX_SPLIT_ULPS = 4;

  private final int termPaths;
  private final int batches;

  /**
   * @param termPaths number of resampled term paths, at least 100 x batches so that every batch has
   *     at least 100 paths (one whole scenario beyond its 99% VaR)
   * @param batches number of independent scenario groups G for the standard error, at least 2
   */
  public CoverPricer(int termPaths, int batches) {
    if (batches < 2) {
      throw new IllegalArgumentException("batches must be at least 2, got " + batches);
    }
    if (termPaths < 100 * batches) {
      throw new IllegalArgumentException(
          "termPaths must be at least 100 x batches = " + 100 * batches + ", got " + termPaths);
    }
    this.termPaths = termPaths;
    this.batches = batches;
  }

  /**
   * Prices the cover of a protocol without an insurance fund (or of losses already net of a fund
   * that each horizon finds full): {@link #price(double[], double, CoverTerms, double, long)} with
   * a fund of 0.
   */
  public PremiumQuote price(
      double[] horizonLosses, CoverTerms terms, double horizonHours, long seed) {
    return price(horizonLosses, 0.0, terms, horizonHours, seed);
  }

  /**
   * Prices the cover.
   *
   * @param horizonLosses gross loss of each scenario over one horizon (before the insurance fund),
   *     USD, finite, at least one (a negative loss, a gain, costs the layer and the fund nothing);
   *     not modified
   * @param fundUsd the insurance fund F at the start of the term, drawn down over the term, USD,
   *     finite and >= 0
   * @param terms the cover; checked with {@link CoverTerms#requireValid()}
   * @param horizonHours H, hours per horizon, finite and > 0
   * @param seed seed of the resampling streams; the same inputs and seed give the same quote to the
   *     last bit
   * @throws IllegalArgumentException naming the offending input
   */
  public PremiumQuote price(
      double[] horizonLosses, double fundUsd, CoverTerms terms, double horizonHours, long seed) {
    if (!(Double.isFinite(fundUsd) && fundUsd >= 0.0)) {
      throw new IllegalArgumentException("fundUsd must be a finite number >= 0, got " + fundUsd);
    }
    if (terms == null) {
      throw new IllegalArgumentException("terms must not be null");
    }
    terms.requireValid();
    if (!(Double.isFinite(horizonHours) && horizonHours > 0.0)) {
      throw new IllegalArgumentException(
          "horizonHours must be a finite number > 0, got " + horizonHours);
    }
    if (horizonLosses == null || horizonLosses.length == 0) {
      throw new IllegalArgumentException("horizonLosses must hold at least one scenario");
    }
    double horizonsPerTerm = terms.termDays() * 24.0 / horizonHours;
    if (!(horizonsPerTerm <= MAX_HORIZONS_PER_TERM)) {
      throw new IllegalArgumentException(
          "termDays x 24 / horizonHours must be at most "
              + MAX_HORIZONS_PER_TERM
              + " horizons, got "
              + horizonsPerTerm);
    }
    int scenarios = horizonLosses.length;
    for (int i = 0; i < scenarios; i++) {
      double loss = horizonLosses[i];
      if (!Double.isFinite(loss)) {
        throw new IllegalArgumentException("horizonLosses[" + i + "] must be finite, got " + loss);
      }
    }
    Layer layer = new Layer(horizonLosses, fundUsd, terms.attachmentUsd(), terms.limitUsd());
    int wholeHorizons = (int) Math.floor(horizonsPerTerm);
    double extraHorizonProbability = horizonsPerTerm - wholeHorizons;

    double w = terms.capitalChargeFraction();
    double oneMinusExpense = 1.0 - terms.expenseLoad();

    double[] termLosses = new double[termPaths];
    for (int p = 0; p < termPaths; p++) {
      termLosses[p] =
          termLoss(
              layer,
              0,
              scenarios,
              wholeHorizons,
              extraHorizonProbability,
              pathSeed(seed, MAIN_SALT, p));
    }
    TailLossResult term = TailStatistics.DEFAULT.compute(termLosses, TERM_LEVEL);
    double expectedLoss = term.expectedLossUsd();
    TailLevel tail = term.level(TERM_CONFIDENCE);
    double es = tail.esUsd();
    double numerator = numerator(expectedLoss, es, w);
    double premium = numerator / oneMinusExpense;

    double[] parts = additiveParts(expectedLoss, numerator, premium);

    return new PremiumQuote(
        premium,
        expectedLoss,
        parts[0],
        parts[1],
        premium / layer.limit,
        term.lossProbability(),
        batchStdError(layer, wholeHorizons, extraHorizonProbability, w, oneMinusExpense, seed),
        es,
        horizonsPerTerm);
  }

  /**
   * SE(P) by batch means over {@code batches} contiguous groups of scenarios, each priced with
   * termPaths / batches paths resampled only from its own scenarios.
   */
  private double batchStdError(
      Layer layer,
      int wholeHorizons,
      double extraHorizonProbability,
      double w,
      double oneMinusExpense,
      long seed) {
    int scenarios = layer.gross.length;
    if (scenarios < batches) {
      return Double.NaN;
    }
    int pathsPerBatch = termPaths / batches;
    double[] batchTermLosses = new double[pathsPerBatch];
    double[] batchPremiums = new double[batches];
    for (int g = 0; g < batches; g++) {
      int from = (int) ((long) g * scenarios / batches);
      int to = (int) ((long) (g + 1) * scenarios / batches);
      for (int q = 0; q < pathsPerBatch; q++) {
        batchTermLosses[q] =
            termLoss(
                layer,
                from,
                to - from,
                wholeHorizons,
                extraHorizonProbability,
                pathSeed(seed, BATCH_SALT, (long) g * pathsPerBatch + q));
      }
      TailLossResult term = TailStatistics.DEFAULT.compute(batchTermLosses, TERM_LEVEL);
      batchPremiums[g] =
          numerator(term.expectedLossUsd(), term.level(TERM_CONFIDENCE).esUsd(), w)
              / oneMinusExpense;
    }
    double mean = 0.0;
    for (double premium : batchPremiums) {
      mean += premium;
    }
    mean /= batches;
    double squares = 0.0;
    for (double premium : batchPremiums) {
      double d = premium - mean;
      squares += d * d;
    }
    return Math.sqrt(squares / ((double) batches * (batches - 1)));
  }

  /** The scenarios' gross losses, the fund, attachment and limit: what a term path needs. */
  private record Layer(double[] gross, double fund, double attachment, double limit) {}

  /**
   * One term path: min(sum of its horizons' layer losses, M), the horizons' scenarios drawn
   * uniformly from gross[from .. from + count) and the fund drawn down by each in turn. The first
   * draw decides the thinned extra horizon, so every path consumes its stream identically whatever
   * the losses.
   */
  private static double termLoss(
      Layer layer,
      int from,
      int count,
      int wholeHorizons,
      double extraHorizonProbability,
      long state) {
    state += GOLDEN;
    double u = (RandomStream.mix64(state) >>> 11) * 0x1.0p-53;
    int horizons = wholeHorizons + (u < extraHorizonProbability ? 1 : 0);
    double fundLeft = layer.fund;
    double sum = 0.0;
    for (int h = 0; h < horizons; h++) {
      state += GOLDEN;
      long z = RandomStream.mix64(state);
      // floor(z * count / 2^64) with z unsigned: uniform on [0, count), bias < count / 2^64.
      int index = (int) (Math.multiplyHigh(z, count) + ((z >> 63) & count));
      double gross = layer.gross[from + index];
      double net = Math.max(gross - fundLeft, 0.0);
      fundLeft = Math.max(fundLeft - Math.max(gross, 0.0), 0.0);
      sum += Math.min(Math.max(net - layer.attachment, 0.0), layer.limit);
      if (sum >= layer.limit) {
        // The sum never decreases (layer losses are >= 0): the cap is reached for good.
        return layer.limit;
      }
    }
    return sum;
  }

  /** EL + w (ES - EL), computed exactly and rounded once. */
  private static double numerator(double expectedLoss, double es, double w) {
    BigDecimal el = new BigDecimal(expectedLoss);
    BigDecimal exact = el.add(new BigDecimal(w).multiply(new BigDecimal(es).subtract(el)));
    return exact.doubleValue();
  }

  /**
   * Risk load r >= 0 and expense load x >= 0 with (el + r) + x == premium in double arithmetic, r
   * as close as rounding allows to numerator - el and x to premium - numerator, for 0 <= el <=
   * numerator <= premium.
   *
   * <p>The partial sum s = el + r is aimed at the numerator. Round-half-to-even can make fl(b + d)
   * miss a target t with an odd last mantissa bit for every d, when b sits on a half-ulp of t
   * (common: one time in four when b is one binade below t). A target with an even last bit is
   * always reachable, and among the doubles within two ulps of the numerator one is even and off
   * the premium's half-ulps, so s walks out from the numerator one ulp at a time: the split moves
   * by at most a few ulps of the numerator.
   */
  static double[] additiveParts(double el, double numerator, double premium) {
    double down = numerator;
    double up = numerator;
    for (int k = 0; k <= MAX_SPLIT_ULPS; k++) {
      for (double partial : k == 0 ? new double[] {numerator} : new double[] {down, up}) {
        if (partial >= el && partial <= premium) {
          double riskLoad = complement(el, partial);
          double expense = complement(partial, premium);
          if (!Double.isNaN(riskLoad) && !Double.isNaN(expense)) {
            return new double[] {riskLoad, expense};
          }
        }
      }
      down = Math.nextDown(down);
      up = Math.nextUp(up);
    }
    // Only when the numerator is within a few ulps of el and of the premium: r = 0 or x = 0.
    for (double partial : new double[] {el, premium}) {
      double riskLoad = complement(el, partial);
      double expense = complement(partial, premium);
      if (!Double.isNaN(riskLoad) && !Double.isNaN(expense)) {
        return new double[] {riskLoad, expense};
      }
    }
    throw new IllegalStateException(
        "no additive split of premium " + premium + " over expected loss " + el);
  }

  /**
   * A d >= 0 with base + d == target in double arithmetic, for 0 <= base <= target; NaN if none
   * lies within a few ulps of target - base.
   */
  static double complement(double base, double target) {
    double d = target - base;
    for (int step = 0; step < 6; step++) {
      if (d >= 0.0 && base + d == target) {
        return d + 0.0; // no -0.0 in a reported part
      }
      d = base + d < target ? Math.nextUp(d) : Math.nextDown(d);
    }
    return Double.NaN;
  }

  private static long pathSeed(long seed, long salt, long path) {
    return RandomStream.mix64(RandomStream.mix64(seed ^ salt) + (path + 1) * GOLDEN);
  }
}
