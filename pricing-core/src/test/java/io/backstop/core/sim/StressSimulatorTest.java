package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.Fixtures;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.Shock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stress path's round cap and its runaway flag: a path is a runaway when the cap cut it while
 * it still moved (its last round liquidated, or moved a price by 1e-6 in log or more), not when the
 * cap fell on its quiet round.
 */
class StressSimulatorTest {
  /**
   * A path that ends on its own after R rounds (the last one quiet) is run again under every cap
   * from 1 to R + 1: capped at R or more it is the same path and no runaway; capped at m < R it
   * stops after m rounds, every one of which moved, and is a runaway. On the lending book under a
   * 30% fall of ETH the cap also falls on rounds that liquidate; on its options alone (no loans)
   * every round is the dealers' hedge, which moves the price without liquidating.
   */
  @Test
  void aPathIsARunawayExactlyWhenTheCapCutsItBeforeItsQuietRound() {
    ProtocolExposure lending = Fixtures.lendingBook();
    ProtocolExposure dealersOnly =
        new ProtocolExposure(
            "dealers only",
            lending.assets(),
            lending.correlations(),
            lending.crossImpacts(),
            List.of(),
            lending.options(),
            lending.controls());
    List<Shock> fall = List.of(new Shock("ETH", -0.3));
    for (ProtocolExposure e : List.of(lending, dealersOnly)) {
      StressPath free = StressSimulator.run(e, fall, 1_000);
      int quietRound = free.rounds().size() - 1;
      String m = e.protocolId() + ", quiet after " + quietRound + " rounds";
      assertTrue(quietRound >= 3, m);
      assertTrue(!free.runaway(), m);
      for (int cap = 1; cap <= quietRound + 1; cap++) {
        StressPath capped = StressSimulator.run(e, fall, cap);
        assertEquals(Math.min(cap, quietRound), capped.rounds().size() - 1, m + ", cap " + cap);
        assertEquals(cap < quietRound, capped.runaway(), m + ", cap " + cap);
      }
    }
    double liquidated = 0;
    for (StressRound r : StressSimulator.run(dealersOnly, fall, 1_000).rounds()) {
      liquidated += r.liquidatedUsd();
    }
    assertEquals(0, liquidated, 0, "no loans, no liquidation");
  }

  @Test
  void aPathNeedsAtLeastOneRound() {
    List<Shock> fall = List.of(new Shock("ETH", -0.3));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StressSimulator.run(Fixtures.lendingBook(), fall, 0));
    assertEquals("maxRounds must be >= 1, was 0", e.getMessage());
  }
}
