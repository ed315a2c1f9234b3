package io.backstop.core.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
