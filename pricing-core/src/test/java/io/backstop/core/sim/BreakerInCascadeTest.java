package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.Fixtures;
import io.backstop.core.model.CircuitBreaker;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.Shock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A circuit breaker watching a live oracle trips when the cascade's own rounds take the oracle past
 * its drop, not only at the next step's start: a 15% fall of ETH does not trip a 20% breaker, the
 * liquidations it sets off take ETH past 20% within the step, and from that round on ETH's
 * liquidations pause. (The stress path reads oracles live and is one step: before model 0.4.0 the
 * breaker could only see the shock.)
 */
class BreakerInCascadeTest {
  private static final List<Shock> FALL = List.of(new Shock("ETH", -0.15));

  @Test
  void aFallTheCascadeMakesWithinAStepTripsTheBreaker() {
    ProtocolExposure open = Fixtures.lendingBook();
    StressPath free = StressSimulator.run(open, FALL, 50);
    double lowest = Double.POSITIVE_INFINITY;
    for (StressRound r : free.rounds()) {
      lowest = Math.min(lowest, r.assets().get(0).priceUsd());
    }
    assertTrue(lowest < 0.8 * 3000, "the cascade takes ETH past -20%: lowest " + lowest);

    ProtocolExposure guarded =
        open.withControls(open.controls().withCircuitBreaker(new CircuitBreaker(0.2, 60, 240)));
    StressPath paused = StressSimulator.run(guarded, FALL, 50);
    assertTrue(
        paused.liquidatedUsd() < free.liquidatedUsd(),
        "liquidated with the breaker "
            + paused.liquidatedUsd()
            + ", without "
            + free.liquidatedUsd());
    // No ETH is liquidated after the round that left its (live) oracle past the drop.
    boolean past = false;
    for (StressRound r : paused.rounds()) {
      double eth = r.assets().get(0).liquidatedUsd();
      if (past) {
        assertTrue(eth == 0, "round " + r.round() + " liquidated " + eth + " USD of ETH");
      }
      past |= r.assets().get(0).priceUsd() <= 0.8 * 3000;
    }
    assertTrue(past, "the guarded path also passes -20%");
  }
}
