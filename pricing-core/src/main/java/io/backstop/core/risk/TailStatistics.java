package io.backstop.core.risk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tail statistics of N scenario losses (MODEL.md section 5): exact, sort-based, no binning.
 *
 * <p>With the losses sorted, x(1) <= ... <= x(N), and for each confidence level a in (0, 1), t = a
 * N (snapped to the nearest integer when within 1e-9 relative of it, so that a decimal level such
 * as 0.07 x 100, 7.000000000000001 in binary, is not pushed past 7) and k = ceil(t):
 *
 * <pre>
 *   EL        = (1/N) sum x(i)                       summed in ascending order
 *   SD        = sqrt( sum (x(i) - EL)^2 / (N - 1) )   0 when N = 1
 *   SE(EL)    = SD / sqrt(N)                          NaN when N = 1
 *   P(L > 0)  = #{x(i) > 0} / N
 *   VaR_a     = x(k)                                  the lower a-quantile inf{x : F_N(x) >= a}
 *   ES_a      = [ sum_{i>k} x(i) + (k - t) x(k) ] / (N - t)
 *   SE(ES_a)  = sqrt( s^2(g) / N ),  g_i = max(x(i) - VaR_a, 0) / (1 - a)
 * </pre>
 *
 * <p>ES is the Acerbi-Tasche estimator: the mean of the worst N(1 - a) scenarios, the atom at VaR
 * counted with the fraction (k - t) that falls in the tail, so the weights add up to N(1 - a)
 * exactly and ES is a coherent risk measure of the empirical distribution (ES >= VaR, ES >= EL).
 * Both inequalities, and EL, ES <= max x(i), are also enforced against rounding by clamping. It
 * equals the Rockafellar-Uryasev form VaR + (1/(N(1 - a))) sum max(x(i) - VaR, 0), whose terms g_i
 * are the influence function of ES: hence the standard error above, which is the plug-in form of
 * the asymptotic variance [Var(L | L > VaR) + a (ES - VaR)^2] / (N (1 - a)) (Manistre and Hancock
 * 2005). The estimation of VaR adds nothing to first order because the Rockafellar-Uryasev
 * objective is stationary in VaR. The error is NaN when N(1 - a) < 1: the tail holds less than one
 * whole scenario and its spread cannot be measured.
 *
 * <p>ES is computed as a non-negatively weighted sum of order statistics, summed in a fixed order,
 * so it is non-decreasing in every loss even in floating point (rounding is monotone): the premium
 * relies on that for its exact monotone properties.
 *
 * <p>The exceedance curve has {@code exceedancePoints} thresholds x_j = x_min (x_max /
 * x_min)^(j/(m-1)), log-spaced from the smallest positive loss to the largest loss (both ends
 * exact), each with P(L > x_j) = #{x(i) > x_j} / N; the value at 0+, which no point shows, is
 * {@code lossProbability} (the first point, at x_min, leaves out the losses equal to x_min). It is
 * empty when no loss is positive (P(L > x) = 0 for every x > 0) and a single point when the
 * positive losses all have one value.
 *
 * <p>Stateless and thread-safe; the input array is never modified.
 */
public final class TailStatistics {

  /** 40 exceedance points. */
  public static final TailStatistics DEFAULT = new TailStatistics(40);

  private static final double SNAP_RELATIVE = 1e-9;

  private final int exceedancePoints;

  /**
   * @param exceedancePoints number of log-spaced points of the exceedance curve, at least 2
   */
  public TailStatistics(int exceedancePoints) {
    if (exceedancePoints < 2) {
      throw new IllegalArgumentException(
          "exceedancePoints must be at least 2, got " + exceedancePoints);
    }
    this.exceedancePoints = exceedancePoints;
  }

  /**
   * Statistics of {@code losses} with no insurance fund: the gross expected loss reported is the
   * expected loss itself.
   *
   * @param losses scenario losses, USD, finite, at least one; not modified
   * @param confidenceLevels levels a, each in (0, 1)
   */
  public TailLossResult compute(double[] losses, double[] confidenceLevels) {
    return compute(losses, Double.NaN, confidenceLevels, true);
  }

  /**
   * Statistics of {@code netLosses}, carrying the caller's gross expected loss (before the
   * insurance fund) into the result unchanged; {@link #mean(double[])} computes it with the same
   * summation as the net one.
   *
   * @param netLosses scenario losses net of the insurance fund, USD, finite, at least one; not
   *     modified
   * @param grossExpectedLossUsd mean loss before the fund, USD, finite
   * @param confidenceLevels levels a, each in (0, 1)
   */
  public TailLossResult compute(
      double[] netLosses, double grossExpectedLossUsd, double[] confidenceLevels) {
    if (!Double.isFinite(grossExpectedLossUsd)) {
      throw new IllegalArgumentException(
          "grossExpectedLossUsd must be finite, got " + grossExpectedLossUsd);
    }
    return compute(netLosses, grossExpectedLossUsd, confidenceLevels, false);
  }

  /**
   * Mean of {@code losses}, summed in ascending order as in {@link #compute}: (1/N) sum x(i).
   *
   * @param losses finite values, at least one; not modified
   */
  public static double mean(double[] losses) {
    return sumAscending(sortedCopy(losses)) / losses.length;
  }

  private TailLossResult compute(
      double[] losses, double grossExpectedLossUsd, double[] confidenceLevels, boolean grossIsNet) {
    if (confidenceLevels == null) {
      throw new IllegalArgumentException("confidenceLevels must not be null");
    }
    for (int j = 0; j < confidenceLevels.length; j++) {
      double a = confidenceLevels[j];
      if (!(a > 0.0 && a < 1.0)) {
        throw new IllegalArgumentException(
            "confidenceLevels[" + j + "] must be in (0, 1), got " + a);
      }
    }
    double[] x = sortedCopy(losses);
    int n = x.length;

    // Clamped to [min, max] against rounding (a mean of equal values must be that value).
    double mean = Math.min(Math.max(sumAscending(x) / n, x[0]), x[n - 1]);
    double sumSquares = 0.0;
    for (int i = 0; i < n; i++) {
      double d = x[i] - mean;
      sumSquares += d * d;
    }
    double stdDev = n > 1 ? Math.sqrt(sumSquares / (n - 1)) : 0.0;
    double meanStdError = n > 1 ? stdDev / Math.sqrt(n) : Double.NaN;

    int firstPositive = upperBound(x, 0.0);
    double lossProbability = (double) (n - firstPositive) / n;

    List<TailLevel> levels = new ArrayList<>(confidenceLevels.length);
    for (double a : confidenceLevels) {
      levels.add(level(x, mean, a));
    }
    return new TailLossResult(
        mean,
        stdDev,
        lossProbability,
        levels,
        exceedance(x, firstPositive),
        meanStdError,
        grossIsNet ? mean : grossExpectedLossUsd,
        n);
  }

  /**
   * VaR_a alone, x(k) of the definitions above, found by selection (expected linear time, a
   * quickselect in the total order of {@link Double#compare}) instead of a full sort: the same
   * order statistic, so the same value as {@link #compute}'s VaR, to the bit. For callers that need
   * one quantile of many values, such as the collateral drop quantiles.
   *
   * @param losses finite values, at least one; not modified
   * @param a level in (0, 1)
   */
  public static double valueAtRisk(double[] losses, double a) {
    if (!(a > 0.0 && a < 1.0)) {
      throw new IllegalArgumentException("level must be in (0, 1), got " + a);
    }
    double[] x = checkedCopy(losses);
    return select(x, rank(x.length, snappedTailStart(x.length, a)) - 1);
  }

  /** t = a N, snapped to the nearest integer when within {@link #SNAP_RELATIVE} of it. */
  private static double snappedTailStart(int n, double a) {
    double t = a * n;
    double nearest = Math.rint(t);
    return Math.abs(t - nearest) <= SNAP_RELATIVE * Math.max(1.0, t) ? nearest : t;
  }

  /** k = ceil(t), 1-based: VaR is x(k) = x[k - 1]; 1 <= k <= N because 0 < t < N. */
  private static int rank(int n, double t) {
    return (int) Math.max(1, Math.min(n, Math.ceil(t)));
  }

  /** The element of rank {@code target} (0-based) of x in Double.compare order; x is permuted. */
  private static double select(double[] x, int target) {
    int lo = 0;
    int hi = x.length - 1;
    while (hi > lo) {
      int mid = (lo + hi) >>> 1;
      double pivot = medianOfThree(x[lo], x[mid], x[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) { // Hoare partition: [lo, j] <= pivot <= [i, hi], equal values in between
        while (Double.compare(x[i], pivot) < 0) {
          i++;
        }
        while (Double.compare(x[j], pivot) > 0) {
          j--;
        }
        if (i <= j) {
          double swap = x[i];
          x[i] = x[j];
          x[j] = swap;
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return x[target]; // between the two parts: equal to the pivot
      }
    }
    return x[target];
  }

  private static double medianOfThree(double a, double b, double c) {
    if (Double.compare(a, b) > 0) {
      double swap = a;
      a = b;
      b = swap;
    }
    // now a <= b
    if (Double.compare(b, c) <= 0) {
      return b;
    }
    return Double.compare(a, c) >= 0 ? a : c;
  }

  /** VaR, ES and SE(ES) at level a of the ascending array x with mean {@code mean}. */
  private static TailLevel level(double[] x, double mean, double a) {
    int n = x.length;
    double t = snappedTailStart(n, a);
    int k = rank(n, t);
    double var = x[k - 1];
    double tailWeight = n - t; // = (N - k) + (k - t) = N (1 - a)

    double tailSum = 0.0;
    for (int i = k; i < n; i++) {
      tailSum += x[i];
    }
    // A level within rounding of 1 (t snapped to N: 1 - 1e-16 at N = 10,000) leaves no weight: the
    // tail is the top atom alone, and ES its limit x(N) (it was 0 / 0, a NaN).
    double es = tailWeight > 0 ? (tailSum + (k - t) * var) / tailWeight : x[n - 1];
    // Rounding guards, each monotone in the losses: VaR <= ES, EL <= ES, ES <= max.
    es = Math.min(Math.max(Math.max(es, var), mean), x[n - 1]);

    double esStdError;
    if (n < 2 || tailWeight < 1.0) {
      esStdError = Double.NaN;
    } else {
      // g_i = (x_i - VaR)^+ / (1 - a); only i >= k (0-based) can be non-zero.
      double scale = n / tailWeight;
      double gSum = 0.0;
      for (int i = k; i < n; i++) {
        gSum += (x[i] - var) * scale;
      }
      double gMean = gSum / n;
      double gSquares = (double) k * gMean * gMean;
      for (int i = k; i < n; i++) {
        double d = (x[i] - var) * scale - gMean;
        gSquares += d * d;
      }
      esStdError = Math.sqrt(gSquares / (n - 1) / n);
    }
    return new TailLevel(a, var, es, esStdError);
  }

  private List<ExceedancePoint> exceedance(double[] x, int firstPositive) {
    int n = x.length;
    if (firstPositive == n) {
      return List.of();
    }
    double low = x[firstPositive];
    double high = x[n - 1];
    if (low == high) {
      return List.of(new ExceedancePoint(low, 0.0));
    }
    List<ExceedancePoint> points = new ArrayList<>(exceedancePoints);
    double logRatio = Math.log(high / low);
    for (int j = 0; j < exceedancePoints; j++) {
      double threshold;
      if (j == 0) {
        threshold = low;
      } else if (j == exceedancePoints - 1) {
        threshold = high;
      } else {
        threshold = low * Math.exp(logRatio * j / (exceedancePoints - 1));
      }
      points.add(new ExceedancePoint(threshold, (double) (n - upperBound(x, threshold)) / n));
    }
    return points;
  }

  private static double[] sortedCopy(double[] losses) {
    double[] x = checkedCopy(losses);
    Arrays.sort(x);
    return x;
  }

  private static double[] checkedCopy(double[] losses) {
    if (losses == null || losses.length == 0) {
      throw new IllegalArgumentException("losses must hold at least one scenario");
    }
    for (int i = 0; i < losses.length; i++) {
      if (!Double.isFinite(losses[i])) {
        throw new IllegalArgumentException("losses[" + i + "] must be finite, got " + losses[i]);
      }
    }
    return losses.clone();
  }

  private static double sumAscending(double[] sorted) {
    double sum = 0.0;
    for (double v : sorted) {
      sum += v;
    }
    return sum;
  }

  /** First index i of the ascending array with x[i] > value, or x.length. */
  private static int upperBound(double[] x, double value) {
    int lo = 0;
    int hi = x.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x[mid] > value) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
