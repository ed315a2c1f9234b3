package io.backstop.core.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.BidLevel;
import io.backstop.core.model.ConstantProductPool;
import io.backstop.core.model.DepthCurve;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closed forms of execution on each depth curve (MODEL.md section 8, third check). */
class MarketDepthTest {
  private static MarketDepth depth(double price, DepthCurve curve) {
    return new MarketDepth(
        List.of(
            new Asset(
                "A",
                AssetClass.CRYPTO,
                price,
                0.5,
                0,
                null,
                new Liquidity(curve, 0, 0, 0, 0),
                null)));
  }

  @Test
  void constantProductPoolProceedsAndEndPriceMatchTheClosedForm() {
    // Pool x = 1000 units, y = 2,000,000 USD at P = 2000; sell q = 250 units.
    // P' = 2000 (1000/1250)^2 = 1280 exactly; proceeds y - x y / (x + q) = 2e6 - 2e9/1250 =
    // 400,000.
    Execution out = new Execution();
    depth(2000, new ConstantProductPool(1000, 2_000_000)).execute(0, 250, 2000, 2000, 0, out);
    assertEquals(1280, out.endPrice, 1e-9);
    assertEquals(400_000, out.proceedsUsd, 1e-6);
    assertEquals(250, out.unitsExecuted);
  }

  @Test
  void constantProductPoolIsMovedToTheMarketPriceAlongItsCurveAndConsistentAcrossSales() {
    // y0 / x0 = 1000 differs from the price 2000: the pool is moved along its curve, keeping its
    // invariant x0 y0 = 1e9, to x = sqrt(1e9 / 2000) = 707.1 units at 2000 (model 0.6.0; before,
    // it kept x0 = 1000 and ended at 1280, as if y0 were 2,000,000).
    MarketDepth pool = depth(2000, new ConstantProductPool(1000, 1_000_000));
    Execution once = new Execution();
    pool.execute(0, 250, 2000, 2000, 0, once);
    double x = Math.sqrt(1e9 / 2000);
    assertEquals(2000 * Math.pow(x / (x + 250), 2), once.endPrice, 1e-9);
    assertEquals(x * 2000 * 250 / (x + 250), once.proceedsUsd, 1e-6);
    // Two sales of 125 end where one sale of 250 ends and pay the same (path independence).
    Execution first = new Execution();
    Execution second = new Execution();
    pool.execute(0, 125, 2000, 2000, 0, first);
    pool.execute(0, 125, first.endPrice, 2000, 0, second);
    assertEquals(once.endPrice, second.endPrice, 1e-9);
    assertEquals(once.proceedsUsd, first.proceedsUsd + second.proceedsUsd, 1e-6);
  }

  @Test
  void linearDepthMovesTheLogPriceByProceedsOverDepth() {
    // d = 1e6 USD per 1%; selling 100 units at 1000: P' = 1000 / (1 + 0.01*100*1000/1e6) =
    // 999.000999;
    // proceeds q = 100 d ln(P/P') and ln(P/P') = 0.01 q / d.
    Execution out = new Execution();
    depth(1000, new LinearDepth(1e6)).execute(0, 100, 1000, 1000, 0, out);
    assertEquals(1000 / 1.001, out.endPrice, 1e-9);
    assertEquals(Math.log(1000 / out.endPrice), 0.01 * out.proceedsUsd / 1e6, 1e-15);
    assertEquals(100 * 1e6 * Math.log(1.001), out.proceedsUsd, 1e-6);
  }

  @Test
  void bidLadderGapsDownAndSellsNothingBelowTheLastLevel() {
    MarketDepth ladder =
        depth(
            100,
            new BidLadder(List.of(new BidLevel(95, 2), new BidLevel(80, 1), new BidLevel(50, 1))));
    Execution out = new Execution();
    ladder.execute(0, 2, 100, 100, 0, out); // exhausts the first level: price gaps to 80
    assertEquals(190, out.proceedsUsd, 1e-12);
    assertEquals(80, out.endPrice, 1e-12);
    ladder.execute(0, 10, 80, 100, 2, out); // 1 at 80, 1 at 50, 8 units unsold
    assertEquals(2, out.unitsExecuted, 1e-12);
    assertEquals(130, out.proceedsUsd, 1e-12);
    assertEquals(50, out.endPrice, 1e-12);
    // The ladder moves with the fundamental: after a 10% fundamental fall the best bid is 85.5.
    ladder.execute(0, 1, 90, 90, 0, out);
    assertEquals(85.5, out.averagePrice, 1e-12);
  }

  private static final List<BidLevel> LEVELS =
      List.of(new BidLevel(95, 2), new BidLevel(80, 1), new BidLevel(50, 1));

  /**
   * A purchase refills the consumed bids from the lowest consumed level up, each at its price
   * (never below the market), then buys at the market without impact. Ladder 95 x 2, 80 x 1, 50 x 1
   * with 3 units consumed (market at 80): buying 2 refills 1 at 80 and 1 at 95 (cost 175, price
   * back to 95); buying 5 refills all 3 (80 + 2 x 95 = 270) and buys 2 more at 95: 460. Exact: the
   * sums of small integers are exact in double.
   */
  @Test
  void bidLadderPurchaseRefillsConsumedBidsFromTheLowestUp() {
    MarketDepth ladder = depth(100, new BidLadder(LEVELS));
    Execution out = new Execution();
    ladder.execute(0, -2, 80, 100, 3, out);
    assertEquals(-2, out.unitsExecuted, 0.0);
    assertEquals(-175, out.proceedsUsd, 0.0);
    assertEquals(95, out.endPrice, 0.0);
    ladder.execute(0, -5, 80, 100, 3, out);
    assertEquals(-460, out.proceedsUsd, 0.0);
    assertEquals(95, out.endPrice, 0.0);
    assertEquals(92, out.averagePrice, 0.0);
    // Buying 1 refills only the level at 80: the price is back at 80, not at the 95 above it.
    ladder.execute(0, -1, 80, 100, 3, out);
    assertEquals(-80, out.proceedsUsd, 0.0);
    assertEquals(80, out.endPrice, 0.0);
    // A sale into a ladder consumed to its end executes nothing and leaves the price.
    ladder.execute(0, 1, 80, 100, 4, out);
    assertEquals(0, out.unitsExecuted, 0.0);
    assertEquals(80, out.endPrice, 0.0);
  }

  /**
   * The ladder's slope is the secant over the band (MarketDepth#logImpactPerUsd): band / (USD bid
   * within [P e^-band, P]); across the gap to the next level when the band holds no bids; 0 when
   * nothing is left. Exact formulas evaluated the same way: 1e-15 relative.
   */
  @Test
  void bidLadderSlopeIsTheSecantOverTheBandOrAcrossTheGap() {
    MarketDepth ladder = depth(100, new BidLadder(LEVELS));
    // Band 10%: floor 90.5, the 2 units at 95 are inside, 80 is below: 0.1 / 190.
    assertEquals(0.1 / 190, ladder.logImpactPerUsd(0, 100, 100, 0, 0.1), 1e-15 / 190);
    // Band 5%: floor 95.1, no bid inside: the secant to 95, ln(100 / 95) / 190.
    double gap = Math.log(100 / 95.0) / 190;
    assertEquals(gap, ladder.logImpactPerUsd(0, 100, 100, 0, 0.05), 1e-15 * gap);
    // First level consumed, market at 80: 80 x 1 inside [76.1, 80], 50 below: 0.05 / 80.
    assertEquals(0.05 / 80, ladder.logImpactPerUsd(0, 80, 100, 2, 0.05), 1e-15 / 80);
    // Bids never above the market: at 90 the first level bids 90, 180 USD in the band.
    assertEquals(0.05 / 180, ladder.logImpactPerUsd(0, 90, 100, 0, 0.05), 1e-15 / 180);
    // An exhausted level is skipped: with the 95 level consumed, the secant runs to 80.
    double toEighty = Math.log(100 / 80.0) / 80;
    assertEquals(toEighty, ladder.logImpactPerUsd(0, 100, 100, 2, 0.05), 1e-15 * toEighty);
    // Everything consumed: nothing can be sold, no further impact.
    assertEquals(0, ladder.logImpactPerUsd(0, 50, 100, 4, 0.05), 0.0);
  }

  /**
   * Local slopes: linear 0.01 / d; constant product 2 / (x P) with x = sqrt(k / P) the pool moved
   * to P (x0 = 1000 at 2000: 1e-6; at 1280, x = 1250: 1.25e-6); no curve 0. Exact to a few
   * roundings: 1e-15 relative.
   */
  @Test
  void localSlopeOfTheLinearAndConstantProductCurves() {
    assertEquals(1e-8, depth(1000, new LinearDepth(1e6)).logImpactPerUsd(0, 1000, 1000, 0, 0.05));
    MarketDepth pool = depth(2000, new ConstantProductPool(1000, 2_000_000));
    assertEquals(1e-6, pool.logImpactPerUsd(0, 2000, 2000, 0, 0.05), 1e-21);
    assertEquals(1.25e-6, pool.logImpactPerUsd(0, 1280, 1280, 0, 0.05), 1e-21);
    MarketDepth none = depth(10, null);
    assertEquals(0, none.logImpactPerUsd(0, 10, 10, 0, 0.05), 0.0);
    assertEquals(1, none.size());
    Execution out = new Execution();
    none.execute(0, 3, 10, 10, 0, out);
    assertEquals(30, out.proceedsUsd, 0.0);
    assertEquals(10, out.endPrice, 0.0);
  }

  /**
   * A purchase on the linear and constant-product curves is capped where the price would rise
   * 100-fold: linear, 1 + 0.01 u P / d = 0.01 at u = -99,000 (P = 1000, d = 1e6); constant product,
   * x / (x + u) = 10 at u = -900 (x = 1000). The proceeds-free variant for the linear curve gives
   * the same units and price to the bit. 1e-9 relative: a few roundings of exact expressions.
   */
  @Test
  void purchasesAreCappedAtAHundredfoldPriceRise() {
    MarketDepth linear = depth(1000, new LinearDepth(1e6));
    Execution out = new Execution();
    linear.execute(0, -1e9, 1000, 1000, 0, out);
    assertEquals(-99_000, out.unitsExecuted, 1e-9 * 99_000);
    assertEquals(100_000, out.endPrice, 1e-9 * 100_000);
    assertEquals(100 * 1e6 * Math.log(0.01), out.proceedsUsd, 1e-9 * 1e8 * Math.log(100));
    Execution fast = new Execution();
    linear.executeForPrice(0, -1e9, 1000, 1000, 0, fast);
    assertEquals(out.unitsExecuted, fast.unitsExecuted, 0.0);
    assertEquals(out.endPrice, fast.endPrice, 0.0);
    assertTrue(Double.isNaN(fast.proceedsUsd));
    assertTrue(linear.isLinear(0));
    assertFalse(linear.isLadder(0));

    MarketDepth pool = depth(2000, new ConstantProductPool(1000, 2_000_000));
    pool.execute(0, -1e9, 2000, 2000, 0, out);
    assertEquals(-900, out.unitsExecuted, 1e-9 * 900);
    assertEquals(200_000, out.endPrice, 1e-9 * 200_000);
    assertFalse(pool.isLinear(0));
    assertFalse(pool.isLadder(0));
  }
}
