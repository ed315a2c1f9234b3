package io.backstop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
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
