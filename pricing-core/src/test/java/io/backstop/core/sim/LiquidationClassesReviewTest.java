package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.ConstantProductPool;
import io.backstop.core.model.Controls;
import io.backstop.core.model.DepthCurve;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RateLimit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Review probes of the model 0.7.0 liquidation round: one round after every price falls from 100 to
 * 80 (spot oracles, so O = P = 80), on a constant-product pool (base 1,000, quote 100,000 at 100: x
 * = 1,000 sqrt(100 / P) base units, proceeds(u) = x P u / (x + u)) or a linear curve.
 */
class LiquidationClassesReviewTest {
  private static final double P = 80;

  /** An asset at 100 on this curve, no move of its own, a spot oracle. */
  static Asset asset(String id, DepthCurve curve) {
    return new Asset(
        id, AssetClass.CRYPTO, 100, 0, 0, null, new Liquidity(curve, 30, 0.3, 0, 0), null);
  }

  /** A worker after one round at 80 on every asset; its book's buckets in the given order. */
  static ScenarioWorker oneRound(List<Asset> assets, List<LoanBucket> buckets, Controls controls) {
    CompiledExposure book =
        new CompiledExposure(
            new ProtocolExposure(
                "review", assets, List.of(), List.of(), buckets, List.of(), controls),
            4,
            15);
    ScenarioWorker w = new ScenarioWorker(book, null, false);
    w.reset();
    w.random.reset(1, 0);
    for (int k = 0; k < assets.size(); k++) {
      w.f[k] = Math.log(P / 100);
    }
    w.beforeCascade(0);
    assertEquals(P, w.oracle[0], 1e-9 * P);
    w.cascade(0, w.book.stepYears, 1, null);
    return w;
  }

  private static double poolProceeds(double units) {
    double x = 1_000 * Math.sqrt(100 / P);
    return x * P * units / (x + units);
  }

  @Test
  void aLargeClassOfSmallLoansOnAPoolLiquidatesTheLoansThatPay() {
    // 600,000 units owing 42M USD (trigger 87.5) as 100,000 identical loans, bonus 5%, close
    // factor 0.5: each loan repays r = 210 USD and seizes s = 210 x 1.05 / 80 = 2.756 units. The
    // pool's marginal price stays above 80 / 1.05 for the first ~27.6 units, so the first few
    // loans' own sales pay: the n-th loan pays while proceeds(n s) - proceeds((n - 1) s) >= r.
    // The class's paying fraction (~1e-4) is below 2^-12 of the class (244 loans).
    int loans = 100_000;
    double q = 600_000;
    double d = 70 * q;
    ScenarioWorker w =
        oneRound(
            List.of(asset("A", new ConstantProductPool(1_000, 100_000))),
            List.of(new LoanBucket("A", q, d, 0.8, 0.05, 0.5, loans)),
            Controls.NONE);
    double r = 0.5 * d / loans;
    double s = r * 1.05 / P;
    int paying = 0;
    while (poolProceeds((paying + 1) * s) - poolProceeds(paying * s) >= r) {
      paying++;
    }
    assertTrue(paying >= 5 && paying < loans / 4096, "paying loans " + paying);
    double seized = w.seizedUnits[0];
    assertTrue(
        seized >= 0.99 * paying * s && seized <= (paying + 1) * s,
        "seized " + seized + " units; the " + paying + " loans that pay seize " + paying * s);
    assertTrue(poolProceeds(seized) - poolProceeds(seized - s) >= r * (1 - 1e-12));
  }

  @Test
  void aLargeClassWhoseFirstLoanDoesNotPayWholeIsPartiallyLiquidated() {
    // 100,000 loans of s = 100 units each (r = 100 x 80 / 1.05 USD repaid per loan). A liquidator
    // taking u units of one loan repays u r / s and is paid the pool's x P u / (x + u): that pays
    // while x P / (x + u) >= r / s = O / 1.05, up to u* = x (1.05 P / O - 1) = 0.05 x = 55.9 units,
    // less than one loan: no whole loan pays, the first one's partial liquidation does. Twelve
    // bisections within the first loan find u* to s 2^-12 = 0.024 units below it.
    int loans = 100_000;
    double s = 100;
    double r = s * P / 1.05;
    double d = 2 * r * loans;
    ScenarioWorker w =
        oneRound(
            List.of(asset("A", new ConstantProductPool(1_000, 100_000))),
            List.of(new LoanBucket("A", d / 70, d, 0.8, 0.05, 0.5, loans)),
            Controls.NONE);
    double x = 1_000 * Math.sqrt(100 / P);
    double partial = 0.05 * x; // O = P = 80 at the round's start (to 1e-9, oneRound)
    assertTrue(partial < s, "no whole loan pays: " + partial);
    double seized = w.seizedUnits[0];
    assertTrue(
        seized <= partial * (1 + 1e-8) && seized >= partial - s / 4096,
        "seized " + seized + " units; the first loan's paying part is " + partial);
    // The debt falls by the part of the repayments taken, the collateral by the units seized.
    assertEquals(d - seized * r / s, w.debt[0], 1e-9 * d);
    assertEquals(d / 70 - seized, w.quantity[0], 1e-9 * d / 70);
  }

  @Test
  void aLargeClassIsBisectedToOneLoan() {
    // 100,000 loans, so 2^-12 of the class is 24.4 loans. The pool pays at the margin for its
    // first ~27.6 units (as above); loans of s units, chosen so that 30, 40, 100 and 1,000 of them
    // pay, are found to within one loan (the 2^-12 grid alone lost up to 24 of them: 30 paying
    // loans liquidated 24.4). Of 100 million loans 2^-12 is 24,414 loans: 1,000 or 5,000 paying
    // ones lie below it, where twelve geometric bisections from one loan leave ln(24,414) / 4,096
    // of the result, 12 loans of 5,000 (a review's finding), and the search goes on to one loan.
    double edge = 1_000 * Math.sqrt(100 / P) * (Math.sqrt(1.05) - 1);
    int[][] cases = {
      {100_000, 30},
      {100_000, 40},
      {100_000, 100},
      {100_000, 1_000},
      {100_000_000, 1_000},
      {100_000_000, 5_000}
    };
    for (int[] c : cases) {
      int loans = c[0];
      int target = c[1];
      double s = edge / (target + 0.5);
      double r = s * P / 1.05;
      double d = 2 * r * loans;
      double q = d / 70;
      ScenarioWorker w =
          oneRound(
              List.of(asset("A", new ConstantProductPool(1_000, 100_000))),
              List.of(new LoanBucket("A", q, d, 0.8, 0.05, 0.5, loans)),
              Controls.NONE);
      int paying = 0;
      while (poolProceeds((paying + 1) * s) - poolProceeds(paying * s) >= r) {
        paying++;
      }
      assertTrue(Math.abs(paying - target) <= 1, "paying loans " + paying + " for " + target);
      double seized = w.seizedUnits[0];
      assertTrue(
          seized >= (paying - 1) * s && seized <= (paying + 1) * s,
          "seized " + seized / s + " loans' worth; " + paying + " loans pay");
      // Within one loan: the last loan's slice pays, and one more loan's worth would not (the
      // window above is two loans wide, which bisection to two loans' worth can still meet).
      assertTrue(poolProceeds(seized) - poolProceeds(seized - s) >= r * (1 - 1e-12));
      assertTrue(
          poolProceeds(seized + s) - poolProceeds(seized) < r,
          "seized " + seized / s + " loans' worth: one loan more would still pay");
    }
  }

  @Test
  void twoClassesOnAPoolConserveUnitsDebtAndProceeds() {
    // Bonus 10% then 2% on the pool, 1,000 loans each: the second class sells after the first.
    // Whatever fractions the plan takes: collateral seized = units sold, debt falls by the
    // repayments (phi x close-factor size), proceeds = the pool's quote of the total, and each
    // class's last loan pays at its place in the sale.
    List<LoanBucket> buckets =
        List.of(
            new LoanBucket("A", 1_000, 70_000, 0.8, 0.02, 0.5, 1_000),
            new LoanBucket("A", 1_000, 70_000, 0.8, 0.10, 0.5, 1_000));
    ScenarioWorker w =
        oneRound(
            List.of(asset("A", new ConstantProductPool(1_000, 100_000))), buckets, Controls.NONE);
    double seizedTotal = 0;
    double[] phi = new double[2];
    for (int b = 0; b < 2; b++) {
      double bonus = 1 + w.book.bucketBonus[b];
      double seizeFull = 35_000 * bonus / P;
      phi[b] = (1_000 - w.quantity[b]) / seizeFull;
      assertEquals(70_000 - phi[b] * 35_000, w.debt[b], 1e-9 * 70_000);
      seizedTotal += 1_000 - w.quantity[b];
    }
    assertTrue(phi[1] > 0, "the 10% class pays");
    assertEquals(seizedTotal, w.seizedUnits[0], 1e-9 * seizedTotal);
    assertEquals(poolProceeds(seizedTotal), w.liquidatedUsd, 1e-9 * w.liquidatedUsd);
    double s10 = 35_000 * 1.10 / P / 1_000;
    double end10 = phi[1] * 1_000 * s10;
    assertTrue(poolProceeds(end10) - poolProceeds(end10 - s10) >= 35 * (1 - 1e-12));
    if (phi[0] > 0) {
      double s2 = 35_000 * 1.02 / P / 1_000;
      assertTrue(poolProceeds(seizedTotal) - poolProceeds(seizedTotal - s2) >= 35 * (1 - 1e-12));
    }
  }

  @Test
  void anExhaustingBucketTurnsBadOnlyWhenTakenWhole() {
    // 100 units owing 9,500 (LT 0.8, bonus 10%, close factor 1): at 80 the close-factor size
    // would seize 9,500 x 1.1 / 80 = 130.6 > 100 units, so it exhausts: seize 100, repay 8,000 /
    // 1.1 = 7,272.73, the rest 2,227.27 bad debt. Under a 4,000 USD rate limit half is taken: no
    // bad debt, 50 units and 3,636.36 of debt repaid.
    List<Asset> a = List.of(asset("A", new LinearDepth(1e12)));
    List<LoanBucket> b = List.of(new LoanBucket("A", 100, 9_500, 0.8, 0.10, 1.0, 0));
    ScenarioWorker whole = oneRound(a, b, Controls.NONE);
    assertEquals(0, whole.quantity[0], 0);
    assertEquals(0, whole.debt[0], 0);
    assertEquals(9_500 - 8_000 / 1.1, whole.badDebtUsd, 1e-6);
    ScenarioWorker half = oneRound(a, b, new Controls(null, new RateLimit(4_000), 0, 0, false));
    assertEquals(0, half.badDebtUsd, 0);
    assertEquals(50, half.quantity[0], 1e-9);
    assertEquals(9_500 - 4_000 / 1.1, half.debt[0], 1e-6);
  }

  @Test
  void rateLimitThenCapacityAcrossTwoAssets() {
    // A: 10% and 2% buckets (3,850 and 3,570 USD at full size); its rate limit of 5,000 plans
    // 3,850 + 1,150. B: one 2% bucket, 3,570. Capacity 4,285 is half of the 8,570 planned: A's
    // share 2,500 goes to its 10% bucket (2,500 / 3,850 of it), none to its 2% one; B gets 1,785.
    List<Asset> assets =
        List.of(asset("A", new LinearDepth(1e12)), asset("B", new LinearDepth(1e12)));
    List<LoanBucket> buckets =
        List.of(
            new LoanBucket("A", 100, 7_000, 0.8, 0.02, 0.5, 1),
            new LoanBucket("A", 100, 7_000, 0.8, 0.10, 0.5, 1),
            new LoanBucket("B", 100, 7_000, 0.8, 0.02, 0.5, 1));
    ScenarioWorker w =
        oneRound(assets, buckets, new Controls(null, new RateLimit(5_000), 4_285, 0, false));
    assertEquals(7_000, w.debt[0], 1e-6 * 7_000);
    assertEquals(7_000 - 3_500.0 * 2_500 / 3_850, w.debt[1], 1e-6 * 7_000);
    assertEquals(7_000 - 3_500 / 2.0, w.debt[2], 1e-6 * 7_000);
    // The capacity is spent: a second round liquidates nothing more.
    double[] debt = w.debt.clone();
    w.cascade(0, w.book.stepYears, 3, null);
    assertEquals(debt[0], w.debt[0], 0);
    assertEquals(debt[1], w.debt[1], 0);
    assertEquals(debt[2], w.debt[2], 0);
  }

  @Test
  void countZeroIsOneLoan() {
    List<Asset> a = List.of(asset("A", new ConstantProductPool(1_000, 100_000)));
    ScenarioWorker zero =
        oneRound(a, List.of(new LoanBucket("A", 1_000, 70_000, 0.8, 0.05, 0.5, 0)), Controls.NONE);
    ScenarioWorker one =
        oneRound(a, List.of(new LoanBucket("A", 1_000, 70_000, 0.8, 0.05, 0.5, 1)), Controls.NONE);
    assertEquals(one.debt[0], zero.debt[0], 0);
    assertEquals(one.seizedUnits[0], zero.seizedUnits[0], 0);
  }

  @Test
  void theSecondClassOnALinearCurveSellsAfterTheFirst() {
    // Linear curve of 4,000 USD per 1% (A = 100 d / P = 5,000 units); bonus 10%: 10 loans, 100
    // units owing 7,000; bonus 5%: 100 loans, 1,000 units owing 70,000 (close factor 0.5).
    // Per loan s = 350 (1 + bonus) / 80, r = 350: the last slice pays while the total sale is at
    // most x* = s + s / expm1(r / 100 d) - A. Class 1 takes phi1 = min(1, x1* / S1); class 2
    // starts at phi1 S1 and takes (x2* - phi1 S1) / S2 (when more than a loan's worth).
    double depth = 4_000;
    List<LoanBucket> buckets =
        List.of(
            new LoanBucket("A", 1_000, 70_000, 0.8, 0.05, 0.5, 100),
            new LoanBucket("A", 100, 7_000, 0.8, 0.10, 0.5, 10));
    ScenarioWorker w =
        oneRound(List.of(asset("A", new LinearDepth(depth))), buckets, Controls.NONE);
    double a = 100 * depth / P;
    double s1 = 350 * 1.10 / P;
    double s2 = 350 * 1.05 / P;
    double x1 = s1 + s1 / Math.expm1(350 / (100 * depth)) - a;
    double phi1 = Math.min(1, x1 / (10 * s1));
    double x2 = s2 + s2 / Math.expm1(350 / (100 * depth)) - a;
    double phi2 = Math.min(1, (x2 - phi1 * 10 * s1) / (100 * s2));
    assertTrue(phi1 > 0.01 && phi2 * 100 > 1 && phi2 < 1, phi1 + " " + phi2);
    assertEquals(phi1, (100 - w.quantity[1]) / (10 * s1), 1e-9);
    assertEquals(phi2, (1_000 - w.quantity[0]) / (100 * s2), 1e-9);
    double total = phi1 * 10 * s1 + phi2 * 100 * s2;
    assertEquals(total, w.seizedUnits[0], 1e-9 * total);
    double proceeds = 100 * depth * Math.log(1 + 0.01 * total * P / depth);
    assertEquals(proceeds, w.liquidatedUsd, 1e-9 * proceeds);
  }
}
