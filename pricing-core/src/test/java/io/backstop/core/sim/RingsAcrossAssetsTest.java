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
 * The worker's rings (price history, TWAP running sums, settlement queue) hold every asset of a
 * sample or slot side by side, [slot x n + k]: an asset other than the first reads its own past,
 * not another asset's or another slot's. Two assets with no volatility whose prices the test sets
 * step by step (15-minute steps), so that every oracle and arrival has a closed form.
 */
class RingsAcrossAssetsTest {
  private static Asset asset(String id, double settlementHours, Oracle oracle) {
    return new Asset(
        id,
        AssetClass.CRYPTO,
        100,
        0,
        0,
        null,
        new Liquidity(new LinearDepth(1e12), 30, 0, 0, settlementHours),
        oracle);
  }

  private static ScenarioWorker worker(List<Asset> assets, List<LoanBucket> buckets, int steps) {
    CompiledExposure book =
        new CompiledExposure(
            new ProtocolExposure(
                "rings", assets, List.of(), List.of(), buckets, List.of(), Controls.NONE),
            steps,
            15);
    ScenarioWorker w = new ScenarioWorker(book, null, false);
    w.reset();
    w.random.reset(1, 0);
    return w;
  }

  /** Price of asset k at the end of step t (P0 = 100 before time 0): distinct paths per asset. */
  private static double price(int k, int t) {
    return t < 0 ? 100 : 100 * (1 - (k + 1) * 0.01 * (t + 1));
  }

  @Test
  void aLaggedSpotAndATwapReadTheirOwnAssetsSamples() {
    // A (index 0): TWAP of 45 minutes (3 samples), no lag: at step t the mean of the prices at the
    // ends of steps t - 2, t - 1 and the live one of t. B (index 1): spot lagged 30 minutes (2
    // steps): at step t the price at the end of step t - 2. Before time 0 both read P0.
    ScenarioWorker w =
        worker(
            List.of(
                asset("A", 0, new Oracle(OracleKind.TWAP, 0, 45, 0, 0)),
                asset("B", 0, new Oracle(OracleKind.SPOT, 1_800, 0, 0, 0))),
            List.of(),
            12);
    for (int t = 0; t < 12; t++) {
      for (int k = 0; k < 2; k++) {
        w.f[k] = Math.log(price(k, t) / 100);
      }
      w.beforeCascade(t);
      w.cascade(t, w.book.hedgeYears(t), 20, null);
      w.endStep();
      double twap = (price(0, t - 2) + price(0, t - 1) + price(0, t)) / 3;
      // Sums of three prices near 100: a few ulps of 300.
      assertEquals(twap, w.oracle[0], 1e-12 * 100, "TWAP of A at step " + t);
      assertEquals(price(1, t - 2), w.oracle[1], 1e-12 * 100, "lagged spot of B at step " + t);
    }
  }

  @Test
  void seizedCollateralOfTheSecondAssetArrivesAfterItsOwnDelayOnce() {
    // B (index 1) settles in 30 minutes (2 steps), A in 45 (3: the ring is longer than B's delay).
    // B falls to 80 at time 0: its one loan (100 units owing 9,500, LT 0.8, bonus 10%, close factor
    // 1) is seized whole in step 0, and its 100 units reach the inventory at the start of step 2,
    // once; A's loan is never liquidated and nothing of A arrives.
    ScenarioWorker w =
        worker(
            List.of(asset("A", 0.75, null), asset("B", 0.5, null)),
            List.of(
                new LoanBucket("A", 100, 1_000, 0.8, 0.10, 1.0, 1),
                new LoanBucket("B", 100, 9_500, 0.8, 0.10, 1.0, 1)),
            10);
    w.f[1] = Math.log(0.8);
    double arrived = 0;
    for (int t = 0; t < 10; t++) {
      double held = w.inventory[1];
      w.beforeCascade(t);
      assertEquals(0, w.inventory[0], 0, "A's inventory at step " + t);
      double in = w.inventory[1] - held;
      if (t == 2) {
        assertEquals(100, in, 0, "B's seizure arrives at step 2");
      } else {
        assertEquals(0, in, 0, "B's arrivals at step " + t);
      }
      arrived += in;
      w.cascade(t, w.book.hedgeYears(t), 1, null);
      if (t == 0) {
        int b = w.book.bucketAsset[0] == 1 ? 0 : 1;
        assertEquals(0, w.quantity[b], 0, "B's loan seized whole at step 0");
        assertTrue(w.badDebtUsd > 0);
      }
      w.endStep();
    }
    assertEquals(100, arrived, 0);
  }
}
