package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstop.core.model.Asset;
import io.backstop.core.model.Controls;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.RateLimit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who is liquidated first when the budget is short (model 0.7.0): an asset's loans by bonus class,
 * the highest first, under its rate limit and under its share of the liquidators' capacity alike;
 * and the capacity shared by the assets in proportion to what each would take. On a curve deep
 * enough that every size pays (1e12 USD per 1%), with spot oracles, one round after prices fall
 * from 100 to 80: each bucket holds 100 units and owes 7,000 USD at LT 0.8 (trigger 87.5), close
 * factor 0.5, so it would repay 3,500 and seize 3,500 (1 + bonus) / 80 units, worth 3,500 (1 +
 * bonus) at the oracle: 3,850 at a 10% bonus, 3,570 at 2%. Figures exact but for the curve's
 * slippage and rounding (1e-6 relative).
 */
class LiquidationOrderTest {
  private static final double DEBT = 7_000;
  private static final double REPAY = 0.5 * DEBT;

  private static Asset asset(String id) {
    return LiquidationClassesReviewTest.asset(id, new LinearDepth(1e12));
  }

  private static LoanBucket bucket(String asset, double bonus) {
    return new LoanBucket(asset, 100, DEBT, 0.8, bonus, 0.5, 1);
  }

  /** The debt left on the bucket of this bonus (buckets are found by their bonus). */
  private static double debtOf(ScenarioWorker w, double bonus) {
    for (int b = 0; b < w.book.buckets; b++) {
      if (w.book.bucketBonus[b] == bonus) {
        return w.debt[b];
      }
    }
    throw new AssertionError("no bucket with bonus " + bonus);
  }

  @Test
  void theHigherBonusIsLiquidatedFirstUnderTheRateLimitAndUnderTheCapacity() {
    // 5,000 USD of rate limit, or of liquidators' capacity (the asset's share is all of it): the
    // 10% loan whole (3,850), the 2% loan the remaining 1,150 of its 3,570, in either bucket order.
    for (Controls budget :
        List.of(
            new Controls(null, new RateLimit(5_000), 0, 0, false),
            new Controls(null, null, 5_000, 0, false))) {
      for (List<LoanBucket> buckets :
          List.of(
              List.of(bucket("A", 0.02), bucket("A", 0.10)),
              List.of(bucket("A", 0.10), bucket("A", 0.02)))) {
        ScenarioWorker w =
            LiquidationClassesReviewTest.oneRound(List.of(asset("A")), buckets, budget);
        assertEquals(DEBT - REPAY, debtOf(w, 0.10), 1e-6 * DEBT, budget.toString());
        assertEquals(DEBT - REPAY * 1_150 / 3_570, debtOf(w, 0.02), 1e-6 * DEBT, budget.toString());
      }
    }
  }

  @Test
  void theCapacityIsSharedByTheAssetsInProportion() {
    // A would take 3,850 (10%), B 3,570 (2%); 3,710 of capacity is half of the 7,420: each asset
    // gets half of what it would take, whatever their order or bonus.
    Controls capacity = new Controls(null, null, 3_710, 0, false);
    ScenarioWorker w =
        LiquidationClassesReviewTest.oneRound(
            List.of(asset("A"), asset("B")),
            List.of(bucket("A", 0.10), bucket("B", 0.02)),
            capacity);
    assertEquals(DEBT - REPAY / 2, debtOf(w, 0.10), 1e-6 * DEBT);
    assertEquals(DEBT - REPAY / 2, debtOf(w, 0.02), 1e-6 * DEBT);
  }
}
