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
        1000 * (96 * step + WorkEstimate.PER_SCENARIO) + WorkEstimate.PER_RUN,
        WorkEstimate.simulation(book, 1000, 96, 15),
        1e-6);
    List<OptionPosition> more = new ArrayList<>(book.options());
    more.add(new OptionPosition("WBTC", OptionType.PUT, 50_000, 30, 0.6, 100, -1));
    ProtocolExposure hedgedBtc = book.withOptions(more);
    assertEquals(
        WorkEstimate.PER_HEDGED_ASSET + WorkEstimate.PER_OPTION,
        WorkEstimate.perScenarioStep(hedgedBtc, 96, 15) - step,
        1e-9,
        "a second hedged asset with its option");
  }

  @Test
  void stepsPastAnExpiryCostTheExactPath() {
    ProtocolExposure book = Fixtures.lendingBook(); // ETH options expire at 7 and 30 days
    double day = WorkEstimate.perScenarioStep(book, 96, 15);
    double month = WorkEstimate.perScenarioStep(book, 30 * 96, 15);
    // Past 7 days less 6 hours: 23.25 of 30 days untabulated.
    assertEquals(WorkEstimate.PER_UNTABULATED_HEDGED_ASSET * 23.25 / 30, month - day, 1e-6);
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
