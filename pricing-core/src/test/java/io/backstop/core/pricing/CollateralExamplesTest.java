package io.backstop.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.bench.ExampleBooks;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.sim.CancellationToken;
import io.backstop.core.sim.Parallelism;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The assessor on the three example books (the figures of the comparison table in {@code
 * docs/model.md}): prints the table and checks the invariants. 500 scenarios by default (the 1%
 * quantile then rests on 5 tail scenarios: a smoke run); {@code -Dcollateral.scenarios=10000}
 * reproduces the documented figures.
 */
class CollateralExamplesTest {
  private static final int SCENARIOS = Integer.getInteger("collateral.scenarios", 500);

  private static List<CollateralRecommendation> run(
      ProtocolExposure e, long seed, double stepMinutes) {
    return CollateralAssessor.DEFAULT.assess(
        e,
        new RunSettings(SCENARIOS, seed, 0, stepMinutes, List.of()),
        0,
        Parallelism.sequential(),
        CancellationToken.NONE);
  }

  @Test
  void exampleBooksGiveConsistentParameters() {
    StringBuilder table = new StringBuilder();
    table.append(
        "| asset | h (h) | vol | lag | cascade | slip | d | bonus | LT | max LTV | CR |"
            + " high d (cascade) | high LTV/LT/b | low LTV/LT/b |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    check(table, run(ExampleBooks.cryptoLending().exposure(), 20261124L, 15));
    check(table, run(ExampleBooks.nftLending().exposure(), 7L, 15));
    check(table, run(ExampleBooks.rwaVault().exposure(), 11L, 30));
    System.out.println("Collateral, " + SCENARIOS + " scenarios\n" + table);
  }

  private static void check(StringBuilder table, List<CollateralRecommendation> recs) {
    for (CollateralRecommendation r : recs) {
      Haircut h = r.haircut();
      assertTrue(r.liquidationThreshold() < 1 && r.maxLtv() > 0, r.toString());
      assertTrue(r.maxLtv() < r.liquidationThreshold(), r.toString());
      assertEquals(1 / r.maxLtv(), r.collateralRatio(), 0, r.toString());
      assertTrue(r.highVolatility().maxLtv() <= r.maxLtv(), r.toString());
      assertTrue(r.lowVolatility().maxLtv() >= r.maxLtv(), r.toString());
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.1f%% | %.1f%%"
                  + " | %.3f | %.1f%% (%.1f%%) | %.1f / %.1f / %.1f%% | %.1f / %.1f / %.1f%% |\n",
              r.assetId(),
              r.liquidationHorizonHours(),
              100 * h.volatility(),
              100 * h.oracleLag(),
              100 * h.cascade(),
              100 * h.slippage(),
              100 * h.total(),
              100 * r.liquidationBonus(),
              100 * r.liquidationThreshold(),
              100 * r.maxLtv(),
              r.collateralRatio(),
              100 * r.highVolatility().haircut().total(),
              100 * r.highVolatility().haircut().cascade(),
              100 * r.highVolatility().maxLtv(),
              100 * r.highVolatility().liquidationThreshold(),
              100 * r.highVolatility().liquidationBonus(),
              100 * r.lowVolatility().maxLtv(),
              100 * r.lowVolatility().liquidationThreshold(),
              100 * r.lowVolatility().liquidationBonus()));
    }
  }
}
