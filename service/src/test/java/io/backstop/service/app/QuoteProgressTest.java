package io.backstop.service.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.sim.Parallelism;
import io.backstop.proto.v1.QuoteProgress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A quote's progress is the share of its estimated work done, the collateral runs included: the
 * simulation ends at its share of the estimate, the collateral stage carries on from there to 1.
 * Before, the simulation alone went to 1 ("collateral, 100%, 0 s left") and the collateral runs,
 * minutes on a request whose liquidation horizon spans the 2,880-step cap, sent nothing (an audit's
 * finding).
 */
class QuoteProgressTest {

  @Test
  void theCollateralRunsCarryTheFractionFromTheSimulationsShareToOne() throws Exception {
    var request = RequestValidationTest.example("crypto-lending.json").toBuilder();
    request.getSettingsBuilder().setScenarios(1_000);
    // WETH settles after 12 hours: its collateral runs span 49 steps, most of the quote's work.
    request
        .getExposureBuilder()
        .getAssetsBuilder(0)
        .getLiquidityBuilder()
        .setSettlementDelayHours(12);
    // Two workers: they report their blocks concurrently and out of order; the events must not go
    // back all the same (a review saw 9 of 4,926 events go back by up to 0.011 before).
    List<QuoteProgress> events = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      PricingApplication.standalone(new Parallelism(pool, 2))
          .quote(request.build(), CallContext.detached(events::add));
    } finally {
      pool.shutdownNow();
    }

    RequestCost.Work work =
        RequestCost.quote(
            ProtoMapper.exposure(request.getExposure()),
            ProtoMapper.settings(request.getSettings()));
    double share = (double) work.simulation() / work.total();
    assertTrue(share > 0 && share < 0.5, "the collateral is most of this quote's work: " + share);

    double last = 0;
    int scenarios = 0;
    double simulated = 0;
    double collateral = 0;
    for (QuoteProgress p : events) {
      assertTrue(p.getFractionDone() >= last, "fraction never goes back: " + events);
      assertTrue(p.getScenariosDone() >= scenarios, "scenarios never go back: " + events);
      last = p.getFractionDone();
      scenarios = p.getScenariosDone();
      if (p.getStage().equals("simulate")) {
        simulated = Math.max(simulated, p.getFractionDone());
      } else if (p.getStage().equals("collateral")) {
        collateral = Math.max(collateral, p.getFractionDone());
        assertEquals(1_000, p.getScenariosTotal());
      }
    }
    assertEquals(share, simulated, 1e-12, "the simulation's share of the estimate");
    // The collateral's runs are the estimate's own runs: the last one ends the fraction at 1
    // (rounding of the work units aside).
    assertEquals(1.0, collateral, 1e-6, events.toString());
    long between =
        events.stream()
            .filter(p -> p.getStage().equals("collateral"))
            .filter(p -> p.getFractionDone() > share + 0.01 && p.getFractionDone() < 0.99)
            .count();
    assertTrue(between > 0, "the collateral stage moves: " + events);
  }
}
