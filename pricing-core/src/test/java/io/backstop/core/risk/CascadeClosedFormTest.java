package io.backstop.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.CascadeEngine;
import io.backstop.core.StressResult;
import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.Controls;
import io.backstop.core.model.CrossImpact;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.Shock;
import io.backstop.core.options.BlackScholes;
import io.backstop.core.sim.StressRound;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Closed forms of MODEL.md section 8 for the cascade loop, the index and dealer hedging. */
class CascadeClosedFormTest {
  private static final double PRICE = 100;
  private static final double DEPTH_USD_PER_PERCENT = 1e6;
  private static final double SPACING = 0.0002; // log distance between bucket triggers

  private static Asset linearAsset(String id) {
    return new Asset(
        id,
        AssetClass.CRYPTO,
        PRICE,
        0.5,
        0,
        null,
        new Liquidity(new LinearDepth(DEPTH_USD_PER_PERCENT), 0, 0, 0, 0),
        null);
  }

  /**
   * Buckets whose trigger prices P0 e^{-b h} are evenly spaced in log price, each selling V = k h d
   * / 0.01 USD when it crosses: a uniform liquidation density l = V / h per unit log fall, so the
   * loop gain is k = l x 0.01 / d. LT = 1 and a 5% bonus make each bucket sell all its collateral
   * profitably.
   */
  private static List<LoanBucket> uniformDensity(String asset, double k, int count) {
    double usdPerBucket = k * SPACING * DEPTH_USD_PER_PERCENT / 0.01;
    List<LoanBucket> buckets = new ArrayList<>();
    for (int b = 1; b <= count; b++) {
      double trigger = PRICE * Math.exp(-b * SPACING);
      double quantity = usdPerBucket / trigger;
      buckets.add(new LoanBucket(asset, quantity, quantity * trigger, 1, 0.05, 1, 1));
    }
    return buckets;
  }

  /**
   * Asset A alone on linear depth with the uniform density of gain k: 1,000 buckets down to -0.2.
   */
  private static ProtocolExposure uniformBook(double k) {
    return new ProtocolExposure(
        "uniform",
        List.of(linearAsset("A")),
        List.of(),
        List.of(),
        uniformDensity("A", k, 1000),
        List.of(),
        null);
  }

  @Test
  void singleAssetLinearDepthUniformDensityTotalDropIsShockOverOneMinusK() {
    // k = 0.5, shock ln(0.98): the loop closes at T = ln(0.98) / (1 - k) = -0.040405 in log price.
    // Tolerance 1.5% of T: round sales execute below their trigger by up to half the round's move
    // (<= 1% of the USD sold) and the bucket spacing (0.02% on a 4% move) adds <= 0.5%.
    double k = 0.5;
    ProtocolExposure exposure = uniformBook(k);
    StressResult result =
        CascadeEngine.DEFAULT.stress(exposure, List.of(new Shock("A", -0.02)), 200);
    List<StressRound> rounds = result.path().rounds();
    double end = rounds.get(rounds.size() - 1).assets().get(0).priceUsd();
    double total = Math.log(end / PRICE);
    double expected = Math.log(0.98) / (1 - k);
    assertEquals(expected, total, 0.015 * Math.abs(expected), "total log drop");
    assertFalse(result.path().runaway());
    assertTrue(rounds.size() > 5, "a geometric cascade takes many rounds");

    // rho(J) = k at the current price: 250 buckets in the 5% band, so one bucket is 0.4%.
    CascadeReport report = CascadeEngine.DEFAULT.cascade(exposure);
    assertEquals(k, report.cascadeIndex(), 0.01 * k);
    assertEquals(1 / (1 - k), report.amplification()[0][0], 0.02 / (1 - k));
  }

  @Test
  void knownTwoByTwoJacobianSpectralRadiusIsTheAnalyticEigenvalue() {
    // J = [[0.3, 0.08], [0.15, 0.2]]: rho = (tr + sqrt(tr^2 - 4 det)) / 2 = (0.5 + sqrt(0.058)) /
    // 2.
    DMatrixRMaj j = new DMatrixRMaj(new double[][] {{0.3, 0.08}, {0.15, 0.2}});
    double rho = (0.5 + Math.sqrt(0.058)) / 2;
    CascadeIndex index = CascadeIndex.of(j);
    assertEquals(rho, index.spectralRadius(), 1e-12);
    // (I - J) A = I.
    double[][] a = index.amplification();
    assertEquals(1, (1 - 0.3) * a[0][0] - 0.08 * a[1][0], 1e-12);
    assertEquals(0, -0.15 * a[0][0] + (1 - 0.2) * a[1][0], 1e-12);
    // A rotation-like J has complex eigenvalues +/- 0.9i: rho = 0.9.
    assertEquals(
        0.9,
        CascadeIndex.of(new DMatrixRMaj(new double[][] {{0, -0.9}, {0.9, 0}})).spectralRadius(),
        1e-12);
    // rho >= 1 is a runaway with no amplification.
    CascadeIndex runaway =
        CascadeIndex.of(new DMatrixRMaj(new double[][] {{0.6, 0.5}, {0.5, 0.6}}));
    assertEquals(1.1, runaway.spectralRadius(), 1e-12);
    assertTrue(runaway.runaway());
    assertNull(runaway.amplification());
  }

  @Test
  void twoAssetsWithCrossImpactGiveThatJacobianThroughTheEngine() {
    // k_A = 0.3, k_B = 0.2; selling A moves B by 0.5, selling B moves A by 0.4:
    // J = X diag(k) = [[0.3, 0.4 x 0.2], [0.5 x 0.3, 0.2]], rho = (0.5 + sqrt(0.058)) / 2 =
    // 0.37042.
    // Tolerance 1%: one bucket of 250 in each band.
    List<LoanBucket> buckets = new ArrayList<>(uniformDensity("A", 0.3, 300));
    buckets.addAll(uniformDensity("B", 0.2, 300));
    ProtocolExposure exposure =
        new ProtocolExposure(
            "pair",
            List.of(linearAsset("A"), linearAsset("B")),
            List.of(),
            List.of(new CrossImpact("A", "B", 0.5), new CrossImpact("B", "A", 0.4)),
            buckets,
            List.of(),
            null);
    double rho = (0.5 + Math.sqrt(0.058)) / 2;
    assertEquals(rho, CascadeEngine.DEFAULT.cascade(exposure).cascadeIndex(), 0.01 * rho);
  }

  @Test
  void dealerShortPutsHedgeFlowEqualsTheBlackScholesDeltaChange() {
    // Dealers short 10,000 puts K = 95 (30 days, 70% vol) and 5,000 puts K = 80; unlimited depth,
    // so
    // the shock is the only move. Round 1 sales = -sum(sign OI (delta(90) - delta(100))) x 90 USD.
    Asset asset = new Asset("A", AssetClass.CRYPTO, PRICE, 0.5, 0, null, null, null);
    List<OptionPosition> options =
        List.of(
            new OptionPosition("A", OptionType.PUT, 95, 30, 0.7, 10_000, -1),
            new OptionPosition("A", OptionType.PUT, 80, 30, 0.7, 5_000, -1));
    ProtocolExposure exposure =
        new ProtocolExposure(
            "dealers", List.of(asset), List.of(), List.of(), List.of(), options, Controls.NONE);
    StressResult result = CascadeEngine.DEFAULT.stress(exposure, List.of(new Shock("A", -0.1)), 20);
    double t = 30 / 365.0;
    double units = 0;
    for (OptionPosition o : options) {
      units +=
          o.dealerSign()
              * o.openInterest()
              * (BlackScholes.delta(OptionType.PUT, 90, o.strikeUsd(), t, 0.7)
                  - BlackScholes.delta(OptionType.PUT, 100, o.strikeUsd(), t, 0.7));
    }
    double expectedUsd = units * 90;
    StressRound first = result.path().rounds().get(1);
    assertTrue(expectedUsd > 0, "short puts sell into a fall");
    assertEquals(expectedUsd, first.dealerHedgeUsd(), 1e-9 * expectedUsd);
    assertEquals(2, result.path().rounds().size(), "no impact: the round after the hedge is quiet");
  }

  @Test
  void gammaExposureOfShortPutsAndLongCallsFlipsSign() {
    // Short puts below spot (negative GEX) and long calls above (positive): GEX at spot
    // = sum sign OI gamma S^2 1%, and the flip price lies between the strikes where GEX = 0.
    Asset asset = new Asset("A", AssetClass.CRYPTO, PRICE, 0.5, 0, null, null, null);
    List<OptionPosition> options =
        List.of(
            new OptionPosition("A", OptionType.PUT, 85, 30, 0.6, 10_000, -1),
            new OptionPosition("A", OptionType.CALL, 110, 30, 0.6, 10_000, 1));
    ProtocolExposure exposure =
        new ProtocolExposure(
            "gex", List.of(asset), List.of(), List.of(), List.of(), options, Controls.NONE);
    GammaExposure gex = CascadeEngine.DEFAULT.cascade(exposure).gammaExposure().get(0);
    double t = 30 / 365.0;
    double atSpot =
        (-10_000 * BlackScholes.gamma(100, 85, t, 0.6)
                + 10_000 * BlackScholes.gamma(100, 110, t, 0.6))
            * 100
            * 100
            * 0.01;
    assertEquals(atSpot, gex.gexUsdPerPercent(), 1e-9 * Math.abs(atSpot));
    assertEquals(71, gex.profile().size());
    double flip = gex.flipPriceUsd().orElseThrow();
    assertTrue(flip > 85 && flip < 110, "flip " + flip);
    double gexAtFlip =
        (-10_000 * BlackScholes.gamma(flip, 85, t, 0.6)
            + 10_000 * BlackScholes.gamma(flip, 110, t, 0.6));
    double gexScale = 10_000 * BlackScholes.gamma(flip, 85, t, 0.6);
    // Linear interpolation on a 1% grid: the true GEX at the flip is small relative to either leg.
    assertTrue(Math.abs(gexAtFlip) < 0.02 * gexScale, "GEX at flip " + gexAtFlip);
  }

  @Test
  void fragilityCurveFollowsTheBucketsInEachShockBand() {
    // The uniform density of k = 0.5 spans log prices 0 to -0.2 (1,000 buckets 0.02% apart). At a
    // -10% shock the band below the price, [ln 0.9 - 0.05, ln 0.9), still holds 250 buckets, each
    // selling the same USD, on the same linear depth: rho = k as at spot (one bucket in 250: 1%).
    // At -20%, -30% and -50% the band lies below the last trigger: no loan, no dealer, rho = 0.
    double k = 0.5;
    ProtocolExposure exposure = uniformBook(k);
    List<FragilityPoint> curve = CascadeEngine.DEFAULT.cascade(exposure).fragilityCurve();
    assertEquals(
        List.of(-0.10, -0.20, -0.30, -0.50),
        curve.stream().map(FragilityPoint::shockFraction).toList());
    assertEquals(k, curve.get(0).cascadeIndex(), 0.01 * k);
    for (FragilityPoint point : curve.subList(1, 4)) {
      assertEquals(0, point.cascadeIndex(), "at " + point.shockFraction());
    }
  }

  @Test
  void liquidationProfileIsTheCollateralBelowEachTrigger() {
    // Two buckets of A (spot 100), triggers D / (Q LT) at 94.5 and 79.5, between grid points: at a
    // grid price p the liquidatable USD is Q p summed over the buckets whose trigger is above p.
    ProtocolExposure exposure =
        new ProtocolExposure(
            "profile",
            List.of(linearAsset("A")),
            List.of(),
            List.of(),
            List.of(
                new LoanBucket("A", 10, 10 * 0.8 * 94.5, 0.8, 0.05, 0.5, 1),
                new LoanBucket("A", 30, 30 * 0.75 * 79.5, 0.75, 0.05, 0.5, 1)),
            List.of(),
            null);
    List<PricePoint> levels =
        CascadeEngine.DEFAULT.cascade(exposure).liquidationProfiles().get(0).levels();
    assertEquals(71, levels.size(), "-50% to +20% of spot in 1% steps");
    for (int i = 0; i < levels.size(); i++) {
      double p = PRICE * (1 + (i - 50) / 100.0);
      double expected = (p < 94.5 ? 10 * p : 0) + (p < 79.5 ? 30 * p : 0);
      assertEquals(p, levels.get(i).priceUsd(), 1e-12 * p);
      assertEquals(expected, levels.get(i).valueUsd(), 1e-9 * Math.max(1, expected), "at " + p);
    }
  }

  @Test
  void flipPriceIsFoundWhereGexIsExactlyZeroBetweenItsSigns() {
    // Far from the money every gamma is 0: short puts' negative GEX below, 0 in between, long
    // calls'
    // positive GEX above. The flip is the zero point nearest to spot; a zero between two points of
    // the same sign is a touch, not a flip; neighbours of opposite signs are interpolated.
    List<PricePoint> band =
        List.of(
            new PricePoint(80, -5),
            new PricePoint(90, 0),
            new PricePoint(100, 0),
            new PricePoint(110, 0),
            new PricePoint(120, 7));
    assertEquals(100, CascadeAnalysis.flipPrice(band, 101).orElseThrow());
    assertEquals(110, CascadeAnalysis.flipPrice(band, 130).orElseThrow());
    List<PricePoint> touch =
        List.of(new PricePoint(90, -1), new PricePoint(100, 0), new PricePoint(110, -2));
    assertTrue(CascadeAnalysis.flipPrice(touch, 100).isEmpty());
    List<PricePoint> crossing = List.of(new PricePoint(90, -1), new PricePoint(100, 3));
    assertEquals(92.5, CascadeAnalysis.flipPrice(crossing, 100).orElseThrow(), 1e-12);
  }

  /**
   * The flip between two neighbouring grid points of opposite signs is the linear interpolation a +
   * (b - a) x GEX(a) / (GEX(a) - GEX(b)), exact on these binary fractions: -1 at 90 and 3 at 100
   * cross at 92.5. The first nonzero point of the grid counts as a neighbour.
   */
  @Test
  void flipPriceIsTheLinearInterpolationBetweenNeighbouringPoints() {
    List<PricePoint> profile =
        List.of(new PricePoint(90, -1), new PricePoint(100, 3), new PricePoint(110, 5));
    assertEquals(92.5, CascadeAnalysis.flipPrice(profile, 100).orElseThrow(), 0.0);
    // Two crossings, at 85 and at 105: the one nearest to spot, whichever comes first.
    List<PricePoint> twice =
        List.of(
            new PricePoint(80, -1),
            new PricePoint(90, 1),
            new PricePoint(100, 1),
            new PricePoint(110, -1));
    assertEquals(105.0, CascadeAnalysis.flipPrice(twice, 100).orElseThrow(), 0.0);
    assertEquals(85.0, CascadeAnalysis.flipPrice(twice, 84).orElseThrow(), 0.0);
  }

  /**
   * The report's gamma exposure and liquidation profile cover only the assets that have options,
   * respectively loans; the GEX grid runs from -50% to +20% of spot in 1% steps.
   */
  @Test
  void reportListsOnlyAssetsWithOptionsOrLoans() {
    List<LoanBucket> loans = uniformDensity("B", 0.1, 10);
    ProtocolExposure exposure =
        new ProtocolExposure(
            "split",
            List.of(linearAsset("A"), linearAsset("B")),
            List.of(),
            List.of(),
            loans,
            List.of(new OptionPosition("A", OptionType.PUT, 95, 30, 0.7, 1_000, -1)),
            null);
    CascadeReport report = CascadeEngine.DEFAULT.cascade(exposure);
    assertEquals(List.of("A"), report.gammaExposure().stream().map(g -> g.assetId()).toList());
    assertEquals(
        List.of("B"), report.liquidationProfiles().stream().map(l -> l.assetId()).toList());
    List<PricePoint> grid = report.gammaExposure().get(0).profile();
    assertEquals(50.0, grid.get(0).priceUsd(), 1e-12);
    assertEquals(120.0, grid.get(grid.size() - 1).priceUsd(), 1e-12);
  }
}
