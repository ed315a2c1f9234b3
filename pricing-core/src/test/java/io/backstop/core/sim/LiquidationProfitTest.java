package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.Controls;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.Oracle;
import io.backstop.core.model.OracleKind;
import io.backstop.core.model.ProtocolExposure;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The liquidator acts only while the proceeds of selling the seized collateral cover the debt it
 * repays (MODEL.md section 3): with the oracle stale above the market, a liquidation pays only for
 * the part of its size the bonus still covers after slippage. Checked against the linear curve's
 * closed form, proceeds(u) = 100 d ln(1 + 0.01 u P / d), on one asset whose market has fallen while
 * its push oracle (20% threshold, no heartbeat) still shows P0 = 100.
 */
class LiquidationProfitTest {
  private static final double P0 = 100;
  private static final double DEPTH = 5_000; // USD per 1%: thin on purpose
  private static final double QUANTITY = 1_000;
  private static final double THRESHOLD = 0.8;
  private static final double BONUS = 0.05;
  private static final double CLOSE = 0.5;

  /** One bucket whose trigger D / (Q LT) is 101: liquidatable at the stale oracle of 100. */
  private static ScenarioWorker workerAtMarket(double market) {
    return workerAtMarket(market, 1);
  }

  /** As above, the bucket's collateral and debt spread over {@code loans} identical loans. */
  private static ScenarioWorker workerAtMarket(double market, int loans) {
    Asset asset =
        new Asset(
            "A",
            AssetClass.CRYPTO,
            P0,
            0, // no exogenous move: the market is where the test puts it
            0,
            null,
            new Liquidity(new LinearDepth(DEPTH), 30, 0.3, 0, 0),
            new Oracle(OracleKind.PUSH, 0, 0, 0.2, 0));
    LoanBucket loan =
        new LoanBucket("A", QUANTITY, 101 * QUANTITY * THRESHOLD, THRESHOLD, BONUS, CLOSE, loans);
    CompiledExposure book =
        new CompiledExposure(
            new ProtocolExposure(
                "stale-oracle",
                List.of(asset),
                List.of(),
                List.of(),
                List.of(loan),
                List.of(),
                Controls.NONE),
            4,
            15);
    ScenarioWorker w = new ScenarioWorker(book, null, false);
    w.reset();
    w.random.reset(1, 0);
    w.f[0] = Math.log(market / P0);
    w.beforeCascade(0);
    assertEquals(market, w.price[0], 1e-9 * market);
    assertEquals(P0, w.oracle[0], 0, "the push oracle has not published the fall");
    return w;
  }

  private static double proceeds(double units, double price) {
    return 100 * DEPTH * Math.log(1 + 0.01 * units * price / DEPTH);
  }

  @Test
  void noLiquidationWhenEvenTheSmallestSaleCannotCoverItsRepayment() {
    // Market 90, oracle 100: each unit seized repays 100 / 1.05 = 95.2 of debt and sells for at
    // most 90, so no size pays; the bucket stays as it is, every round of the step.
    ScenarioWorker w = workerAtMarket(90);
    double debt = w.debt[0];
    w.cascade(0, w.book.stepYears, 20, null);
    assertEquals(0, w.liquidatedUsd, 0);
    assertEquals(debt, w.debt[0], 0);
    assertEquals(QUANTITY, w.quantity[0], 0);
    assertEquals(1, w.unprofitableLiquidations, "tried once, in the step's only round");
    assertEquals(1, w.bisectionsSkipped, "its smallest fraction did not pay: no bisection");
  }

  @Test
  void aLiquidationThatDoesNotPayInFullIsMadeAtTheLargestFractionThatPays() {
    // Market 99: the first units pay (99 against 95.2), the full close-factor size does not
    // (slippage on the thin curve); the liquidator takes the largest paying fraction, to 2^-12.
    ScenarioWorker w = workerAtMarket(99);
    double repayFull = CLOSE * w.debt[0];
    double seizeFull = repayFull * (1 + BONUS) / P0;
    assertTrue(proceeds(seizeFull, 99) < repayFull, "the full size does not pay");
    double debt = w.debt[0];
    w.cascade(0, w.book.stepYears, 1, null);
    double seized = w.seizedUnits[0];
    double fraction = seized / seizeFull;
    double repaid = debt - w.debt[0];
    assertTrue(fraction > 0.5 && fraction < 1, "fraction " + fraction);
    assertEquals(fraction * repayFull, repaid, 1e-9 * repayFull);
    assertEquals(proceeds(seized, 99), w.liquidatedUsd, 1e-9 * w.liquidatedUsd);
    assertTrue(w.liquidatedUsd >= repaid, "the proceeds cover the repayment");
    double step = Math.scalb(1.0, -12);
    double more = fraction + step;
    assertTrue(
        proceeds(more * seizeFull, 99) < more * repayFull,
        "a fraction one bisection step larger would not pay");
    assertEquals(1, w.unprofitableLiquidations);
    assertEquals(0, w.bisectionsSkipped);
  }

  @Test
  void manySmallLoansAreLiquidatedWhileTheLastOneTakenStillPays() {
    // The same bucket as 100 loans (model 0.7.0): each loan is one liquidator's, taken while its
    // own sale, after the sales before it, fetches its repayment. With a loan's seizure s = S /
    // 100 and repayment r = R / 100, the last loan pays while 100 d ln((1 + a x) / (1 + a (x -
    // s))) >= r at total sale x = phi S (a = 0.01 P / d): phi* = (E a s - (E - 1)) / (a S (E -
    // 1)), E = exp(r / (100 d)).
    int loans = 100;
    ScenarioWorker w = workerAtMarket(99, loans);
    double repayFull = CLOSE * w.debt[0];
    double seizeFull = repayFull * (1 + BONUS) / P0;
    double a = 0.01 * 99 / DEPTH;
    double s = seizeFull / loans;
    double e = Math.exp(repayFull / loans / (100 * DEPTH));
    double closedForm = (e * a * s - (e - 1)) / (a * seizeFull * (e - 1));
    w.cascade(0, w.book.stepYears, 1, null);
    double fraction = w.seizedUnits[0] / seizeFull;
    // On a linear curve the engine takes that closed form itself (no bisection), to rounding.
    assertEquals(closedForm, fraction, 1e-9 * closedForm);
    // Below the single loan's fraction: a loan at the margin does not share the others' profit.
    ScenarioWorker one = workerAtMarket(99, 1);
    one.cascade(0, one.book.stepYears, 1, null);
    double single = one.seizedUnits[0] / seizeFull;
    assertTrue(fraction < single - 0.1, "100 loans " + fraction + ", one loan " + single);
    double repaid = repayFull * fraction;
    assertEquals(repaid, 101 * QUANTITY * THRESHOLD - w.debt[0], 1e-9 * repaid);
  }
}
