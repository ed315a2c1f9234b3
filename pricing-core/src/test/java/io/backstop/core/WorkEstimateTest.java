package io.backstop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.BidLevel;
import io.backstop.core.model.CircuitBreaker;
import io.backstop.core.model.Controls;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.Oracle;
import io.backstop.core.model.OracleKind;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The work estimate's properties (its coefficients are measured, docs/performance.md "Cost model"):
 * linear in scenarios and steps but for the fixed costs, more for every asset, bucket, option and
 * hedged asset, the untabulated steps past an option's expiry counted, saturation instead of
 * overflow.
 */
class WorkEstimateTest {
  @Test
  void costGrowsWithTheRunAndTheBook() {
    ProtocolExposure book = Fixtures.lendingBook();
    double step = WorkEstimate.perScenarioStep(book, 96, 15);
    assertEquals(
        1000 * (96 * step + WorkEstimate.PER_SCENARIO)
            + WorkEstimate.PER_RUN
            + WorkEstimate.PER_TABLE_STEP * 96, // one hedged asset
        WorkEstimate.simulationNanos(book, 1000, 96, 15),
        1e-6);
    List<OptionPosition> more = new ArrayList<>(book.options());
    more.add(new OptionPosition("WBTC", OptionType.PUT, 50_000, 30, 0.6, 100, -1));
    ProtocolExposure hedgedBtc = book.withOptions(more);
    assertEquals(
        WorkEstimate.PER_HEDGED_ASSET + WorkEstimate.PER_OPTION,
        WorkEstimate.perScenarioStep(hedgedBtc, 96, 15) - step,
        1e-9,
        "a second hedged asset with its option");
    // A hedged asset behind a finite exit runs the general round every step; an unhedged one, or
    // an unlimited exit, does not.
    ProtocolExposure meteredEth =
        Fixtures.withAssets(
            book,
            a ->
                a.id().equals("ETH")
                    ? a.withMarket(
                        new io.backstop.core.model.Liquidity(
                            a.liquidity().curve(),
                            a.liquidity().halfLifeMinutes(),
                            a.liquidity().permanentFraction(),
                            1,
                            a.liquidity().settlementDelayHours()),
                        a.oracle())
                    : a);
    assertEquals(
        WorkEstimate.PER_EXIT_LIMITED_HEDGED_ASSET,
        WorkEstimate.perScenarioStep(meteredEth, 96, 15) - step,
        1e-9,
        "ETH hedged behind an exit of 1 USD an hour");
  }

  /**
   * The cost per scenario-step is the class Javadoc's sum, term by term, for a book with every kind
   * of asset: the lending book's three (each with a liquidity or an oracle block, ETH hedged) and
   * two plain assets (no block), one with an oracle only and an NFT sold into a bid ladder; a
   * second hedged asset (a WBTC put); eight buckets, four options, a circuit breaker. Over one day
   * no option is in its last hours (the first expires in 7 days). A run's fixed costs add the delta
   * table's nodes per step and hedged asset (two here); a stress test is max-rounds such steps plus
   * one scenario's and one run's cost.
   */
  @Test
  void theCostPerStepIsTheSumOfItsTerms() {
    ProtocolExposure lending = Fixtures.lendingBook();
    List<Asset> assets = new ArrayList<>(lending.assets());
    assets.add(Fixtures.plainAsset("PLAIN", 1, 0.5));
    assets.add(Fixtures.plainAsset("PLAIN2", 1, 0.5));
    assets.add(
        new Asset(
            "ORACLE",
            AssetClass.CRYPTO,
            1,
            0.5,
            0,
            null,
            null,
            new Oracle(OracleKind.SPOT, 0, 0, 0, 0)));
    assets.add(
        new Asset(
            "NFT",
            AssetClass.NFT,
            100,
            0.5,
            0,
            null,
            new Liquidity(new BidLadder(List.of(new BidLevel(90, 10))), 30, 0.3, 0, 0),
            null));
    List<OptionPosition> options = new ArrayList<>(lending.options());
    options.add(new OptionPosition("WBTC", OptionType.PUT, 50_000, 30, 0.6, 100, -1));
    ProtocolExposure book =
        new ProtocolExposure(
            "cost",
            assets,
            lending.correlations(),
            lending.crossImpacts(),
            lending.loanBuckets(),
            options,
            new Controls(new CircuitBreaker(0.2, 60, 60), null, 0, 0, false));
    // 35 + 56 x 7 assets + 25 x 5 with a block + 130 x 1 ladder + 180 x 2 hedged + 0.05 x 8
    // buckets + 0.7 x 4 options + 10 x 7 assets under the breaker.
    double perStep = 35 + 56 * 7 + 25 * 5 + 130 + 180 * 2 + 0.05 * 8 + 0.7 * 4 + 10 * 7;
    assertEquals(perStep, WorkEstimate.perScenarioStep(book, 96, 15), 1e-9);
    assertEquals(
        1000 * (96 * perStep + 300) + 1.5e6 + 30_000 * 96 * 2,
        WorkEstimate.simulationNanos(book, 1000, 96, 15),
        1e-6);
    // In whole units, rounded up.
    assertEquals(
        (long) Math.ceil(20 * perStep + 300 + 1.5e6), WorkEstimate.stress(book, 20), "stress");
  }

  @Test
  void anOptionsLastHoursCostTheExactPath() {
    ProtocolExposure book = Fixtures.lendingBook(); // ETH options: 7 days at 75%, 30 days at 80/70%
    double day = WorkEstimate.perScenarioStep(book, 96, 15);
    double month = WorkEstimate.perScenarioStep(book, 30 * 96, 15);
    // The 7-day put's last 365 (0.02 / 0.75)^2 = 0.26 days, the 30-day options' last 0.23 and 0.30
    // days (these two overlap: their union is the longer), of the 30.
    double window7 = 365 * Math.pow(0.02 / 0.75, 2);
    double window30 = 365 * Math.pow(0.02 / 0.7, 2);
    assertEquals(
        WorkEstimate.PER_UNTABULATED_HEDGED_ASSET * (window7 + window30) / 30, month - day, 1e-6);
    // Intervals: union, clipped to the horizon.
    List<double[]> intervals = new ArrayList<>();
    intervals.add(new double[] {2, 4});
    intervals.add(new double[] {3, 5});
    intervals.add(new double[] {9, 12});
    assertEquals(0.4, WorkEstimate.untabulatedShare(intervals, 10), 1e-12); // [2, 5] and [9, 10]
    // A NaN bound (an unvalidated NaN volatility or expiry) counts the whole horizon.
    intervals.add(new double[] {Double.NaN, 3});
    assertEquals(1, WorkEstimate.untabulatedShare(intervals, 10), 0);
  }

  @Test
  void unitsSaturateAndAreNeverNegative() {
    assertEquals(Long.MAX_VALUE, WorkEstimate.units(1e300));
    assertEquals(Long.MAX_VALUE, WorkEstimate.units(Double.NaN));
    assertEquals(0, WorkEstimate.units(-5));
    assertEquals(2, WorkEstimate.units(1.5));
    RunSettings huge = new RunSettings(Integer.MAX_VALUE, 1, 1e9, 1, List.of());
    assertEquals(Long.MAX_VALUE, WorkEstimate.simulation(Fixtures.lendingBook(), huge));
    assertTrue(WorkEstimate.stress(Fixtures.lendingBook(), 20) > 0);
  }
}
