package io.backstop.core.market;

import io.backstop.core.model.Asset;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.BidLevel;
import io.backstop.core.model.ConstantProductPool;
import io.backstop.core.model.DepthCurve;
import io.backstop.core.model.LinearDepth;
import java.util.List;

/**
 * Execution of sales (and purchases) on each asset's depth curve, compiled once per request into
 * primitive arrays (MODEL.md sections 2 and 3). Stateless between calls: the caller holds the
 * market state (price, fundamental price, ladder fill) and applies the result.
 *
 * <p>Curves, selling u units from market price P:
 *
 * <ul>
 *   <li>none (no liquidity block or no curve): unlimited depth, proceeds u P, no impact;
 *   <li>linear depth d (USD per 1%): proceeds q move ln P by -0.01 q / d, so P' = P / (1 + 0.01 u P
 *       / d) and q = 100 d ln(P / P');
 *   <li>constant product (x0, y0), moved along its curve to the market price (as arbitrage would):
 *       its invariant k = x0 y0 stays, so at price P the pool holds x = sqrt(k / P) base units (the
 *       point of x y = k where y / x = P), P' = P (x / (x + u))^2 and q = x P u / (x + u) = y - x y
 *       / (x + u). A pool given at the market price (y0 = x0 P0) holds x0 there; one given at
 *       another price keeps its liquidity, not its base reserve (model 0.6.0: before, y0 was not
 *       read and k was x0^2 P0). The moved pool is consistent with itself: after a sale of u it
 *       sits at x + u, exactly sqrt(k / P');
 *   <li>bid ladder (p_i, n_i), best first, carried with the price that anchors its bids (level i
 *       bids at p_i x anchor / P0: the fundamental price without the permanent part of the ladder's
 *       own sales, which its fill records) and never above the market price: a sale fills levels in
 *       order from the current fill, the market price becomes the best remaining bid (so it gaps
 *       down when a level is exhausted), and below the last level nothing sells: the executed
 *       quantity is then less than asked. The ladder has no ask side: a purchase refills consumed
 *       bids at their prices and beyond that executes at the market price without impact.
 * </ul>
 *
 * <p>Purchases on the linear and constant-product curves follow the same formulas with u < 0, with
 * the size capped where the price would rise {@value #MAX_BUY_PRICE_MULTIPLE}-fold (the formulas
 * diverge there).
 */
public final class MarketDepth {
  static final int NONE = 0;
  static final int LINEAR = 1;
  static final int CONSTANT_PRODUCT = 2;
  static final int LADDER = 3;

  /** Largest price rise one purchase can cause on the linear and constant-product curves. */
  public static final double MAX_BUY_PRICE_MULTIPLE = 100;

  private final int[] type;
  private final double[] initialPrice;
  private final double[] usdPerPercent;
  private final double[] baseReserve;
  private final int[] ladderStart;
  private final int[] ladderEnd;
  private final double[] levelRelativePrice;
  private final double[] levelQuantity;

  /** Compiles the depth curves of the assets, in the given order. */
  public MarketDepth(List<Asset> assets) {
    int n = assets.size();
    type = new int[n];
    initialPrice = new double[n];
    usdPerPercent = new double[n];
    baseReserve = new double[n];
    ladderStart = new int[n];
    ladderEnd = new int[n];
    int levels = 0;
    for (Asset a : assets) {
      if (a.liquidity() != null && a.liquidity().curve() instanceof BidLadder ladder) {
        levels += ladder.levels().size();
      }
    }
    levelRelativePrice = new double[levels];
    levelQuantity = new double[levels];
    int next = 0;
    for (int k = 0; k < n; k++) {
      Asset a = assets.get(k);
      initialPrice[k] = a.priceUsd();
      DepthCurve curve = a.liquidity() == null ? null : a.liquidity().curve();
      ladderStart[k] = next;
      if (curve instanceof LinearDepth linear) {
        type[k] = LINEAR;
        usdPerPercent[k] = linear.usdPerPercent();
      } else if (curve instanceof ConstantProductPool pool) {
        type[k] = CONSTANT_PRODUCT;
        // The base reserve at P0 on the pool's invariant x0 y0 (x0 itself when y0 = x0 P0).
        baseReserve[k] = Math.sqrt(pool.baseReserve() * pool.quoteReserveUsd() / a.priceUsd());
      } else if (curve instanceof BidLadder ladder) {
        type[k] = LADDER;
        for (BidLevel level : ladder.levels()) {
          levelRelativePrice[next] = level.priceUsd() / a.priceUsd();
          levelQuantity[next] = level.quantity();
          next++;
        }
      } else {
        type[k] = NONE;
      }
      ladderEnd[k] = next;
    }
  }

  /** Number of assets. */
  public int size() {
    return type.length;
  }

  /**
   * True when the asset trades on a linear curve, on which sales compose exactly: 1 / P' = 1 / P +
   * 0.01 u / d whatever the split of u into parts (purchases within the rise cap).
   */
  public boolean isLinear(int asset) {
    return type[asset] == LINEAR;
  }

  /** True when the asset has a bid ladder, whose fill the caller must carry as state. */
  public boolean isLadder(int asset) {
    return type[asset] == LADDER;
  }

  /**
   * Executes a sale of {@code units} (a purchase when negative) of asset {@code k} and writes the
   * result to {@code out}.
   *
   * @param price current market price P, USD
   * @param fundamentalPrice price without transient impact, which carries a bid ladder's levels
   * @param ladderFill units of the ladder already consumed (ignored for other curves)
   */
  public void execute(
      int k,
      double units,
      double price,
      double fundamentalPrice,
      double ladderFill,
      Execution out) {
    switch (type[k]) {
      case LINEAR -> executeLinear(k, units, price, out);
      case CONSTANT_PRODUCT -> executeConstantProduct(k, units, price, out);
      case LADDER -> executeLadder(k, units, price, fundamentalPrice, ladderFill, out);
      default -> {
        out.unitsExecuted = units;
        out.proceedsUsd = units * price;
        out.endPrice = price;
      }
    }
    out.averagePrice = out.unitsExecuted != 0 ? out.proceedsUsd / out.unitsExecuted : price;
  }

  /**
   * As {@link #execute}, for callers that need only {@code unitsExecuted} and {@code endPrice} (the
   * same bits): on the linear curve the proceeds, which cost a logarithm, are left NaN, as is the
   * average price. Other curves fill everything.
   */
  public void executeForPrice(
      int k,
      double units,
      double price,
      double fundamentalPrice,
      double ladderFill,
      Execution out) {
    if (type[k] == LINEAR) {
      double d = usdPerPercent[k];
      double minUnits = (1.0 / MAX_BUY_PRICE_MULTIPLE - 1) * d / (0.01 * price);
      double u = Math.max(units, minUnits);
      double ratio = 1 + 0.01 * u * price / d;
      out.unitsExecuted = u;
      out.endPrice = price / ratio;
      out.proceedsUsd = Double.NaN;
      out.averagePrice = Double.NaN;
    } else {
      execute(k, units, price, fundamentalPrice, ladderFill, out);
    }
  }

  /**
   * On asset k's linear curve at {@code price}: the largest total sale x whose last {@code
   * sliceUnits} units still fetch {@code sliceUsd}, from proceeds(x) - proceeds(x - s) = 100 d
   * ln((1 + a x) / (1 + a (x - s))) >= sliceUsd with a = 0.01 P / d: x = s + s / (E - 1) - 100 d /
   * P, E - 1 = expm1(sliceUsd / (100 d)). The slice's proceeds fall as x grows (each unit sells
   * lower), so every smaller sale pays too. Infinite when the slice pays at any size (sliceUsd <=
   * 0). Only for a linear curve ({@link #isLinear}).
   */
  public double linearSaleWhoseLastSlicePays(
      int k, double price, double sliceUnits, double sliceUsd) {
    double d = usdPerPercent[k];
    double growth = Math.expm1(sliceUsd / (100 * d));
    if (!(growth > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return sliceUnits + sliceUnits / growth - 100 * d / price;
  }

  private void executeLinear(int k, double units, double price, Execution out) {
    double d = usdPerPercent[k];
    // 1 + 0.01 u P / d is the price ratio P / P'; it must stay above 1 / MAX_BUY_PRICE_MULTIPLE.
    double minUnits = (1.0 / MAX_BUY_PRICE_MULTIPLE - 1) * d / (0.01 * price);
    double u = Math.max(units, minUnits);
    double ratio = 1 + 0.01 * u * price / d;
    out.unitsExecuted = u;
    out.endPrice = price / ratio;
    out.proceedsUsd = 100 * d * Math.log(ratio);
  }

  private void executeConstantProduct(int k, double units, double price, Execution out) {
    double x = baseReserve[k] * Math.sqrt(initialPrice[k] / price);
    // (x / (x + u))^2 <= MAX_BUY_PRICE_MULTIPLE bounds a purchase.
    double minUnits = x * (1 / Math.sqrt(MAX_BUY_PRICE_MULTIPLE) - 1);
    double u = Math.max(units, minUnits);
    double ratio = x / (x + u);
    out.unitsExecuted = u;
    out.endPrice = price * ratio * ratio;
    out.proceedsUsd = x * price * u / (x + u);
  }

  private void executeLadder(
      int k, double units, double price, double fundamentalPrice, double fill, Execution out) {
    double scale = fundamentalPrice; // level i bids at p_i / P0 x P_fund
    int start = ladderStart[k];
    int end = ladderEnd[k];
    if (units >= 0) {
      double remaining = units;
      double proceeds = 0;
      double cumulative = 0;
      double endPrice = price;
      for (int i = start; i < end && remaining > 0; i++) {
        double levelTop = cumulative;
        cumulative += levelQuantity[i];
        double available = cumulative - Math.max(fill, levelTop);
        if (available <= 0) {
          continue;
        }
        double levelPrice = Math.min(levelRelativePrice[i] * scale, price);
        double take = Math.min(available, remaining);
        proceeds += take * levelPrice;
        remaining -= take;
        endPrice = levelPrice;
        if (take == available && i + 1 < end) {
          // Level exhausted: the best bid is now the next level down, the gap.
          endPrice = Math.min(levelRelativePrice[i + 1] * scale, price);
        }
      }
      out.unitsExecuted = units - remaining;
      out.proceedsUsd = proceeds;
      out.endPrice = Math.min(endPrice, price);
    } else {
      // Purchases refill consumed bids from the lowest consumed level upwards.
      double toBuy = -units;
      double cost = 0;
      double newFill = fill;
      double endPrice = price;
      double cumulative = 0;
      for (int i = start; i < end; i++) {
        cumulative += levelQuantity[i];
      }
      for (int i = end - 1; i >= start && toBuy > 0 && newFill > 0; i--) {
        double levelTop = cumulative - levelQuantity[i];
        double consumedHere = Math.min(newFill, cumulative) - levelTop;
        cumulative = levelTop;
        if (consumedHere <= 0) {
          continue;
        }
        double levelPrice = levelRelativePrice[i] * scale;
        double take = Math.min(consumedHere, toBuy);
        cost += take * Math.max(levelPrice, price);
        toBuy -= take;
        newFill -= take;
        endPrice = Math.max(endPrice, levelPrice);
      }
      cost += toBuy * endPrice; // beyond the consumed bids: at the market, no impact
      out.unitsExecuted = units;
      out.proceedsUsd = -cost;
      out.endPrice = endPrice;
    }
  }

  /**
   * Local depth slope: log price impact per USD sold, -d ln P / dq, at the given state.
   *
   * <p>Linear 0.01 / d; constant product 2 / (x P) (from P' = P (x/(x+u))^2 at u = 0); none 0. A
   * bid ladder has no derivative (flat inside a level, a jump at a gap), so its slope is the secant
   * over a band: beta / (USD bid within [P e^-beta, P]); when the band holds no bids, the secant
   * across the gap to the next level, ln(P / p_next) / (USD at p_next); 0 when nothing is bid below
   * (nothing can be sold, so selling causes no further impact).
   */
  public double logImpactPerUsd(
      int k, double price, double fundamentalPrice, double ladderFill, double band) {
    switch (type[k]) {
      case LINEAR:
        return 0.01 / usdPerPercent[k];
      case CONSTANT_PRODUCT:
        double x = baseReserve[k] * Math.sqrt(initialPrice[k] / price);
        return 2 / (x * price);
      case LADDER:
        return ladderSecant(k, price, fundamentalPrice, ladderFill, band);
      default:
        return 0;
    }
  }

  private double ladderSecant(int k, double price, double fundamental, double fill, double band) {
    double scale = fundamental;
    double floor = price * Math.exp(-band);
    double usdInBand = 0;
    double cumulative = 0;
    for (int i = ladderStart[k]; i < ladderEnd[k]; i++) {
      double levelTop = cumulative;
      cumulative += levelQuantity[i];
      double available = cumulative - Math.max(fill, levelTop);
      if (available <= 0) {
        continue;
      }
      double levelPrice = Math.min(levelRelativePrice[i] * scale, price);
      if (levelPrice >= floor) {
        usdInBand += available * levelPrice;
      } else if (usdInBand == 0) {
        return Math.log(price / levelPrice) / (available * levelPrice);
      } else {
        break;
      }
    }
    return usdInBand > 0 ? band / usdInBand : 0;
  }
}
