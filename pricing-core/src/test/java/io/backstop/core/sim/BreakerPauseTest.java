package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.CircuitBreaker;
import io.backstop.core.model.Controls;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.ProtocolExposure;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker's trip and pause on the step grid (section 3, step 3): an oracle at or below
 * (1 - drop) x its window's high pauses the asset's liquidations for ceil(pause / dt) steps, the
 * step of the trip included, and the breaker is not tested again while paused. One asset at 100
 * with no volatility (its moves are the ones the test sets), a live spot oracle, 15-minute steps, a
 * breaker of drop 50%, window 60 minutes and pause 60 minutes (4 steps); one loan of 100 units
 * owing 4,500 USD (LT 0.8, trigger 56.25), close factor 0.5: at 50 it is liquidatable and a round
 * repays 2,250 USD.
 */
class BreakerPauseTest {
  @Test
  void anOracleExactlyAtTheDropPausesLiquidationsForThePauseStepsThenTheyResume() {
    Asset a =
        new Asset(
            "A",
            AssetClass.CRYPTO,
            100,
            0,
            0,
            null,
            new Liquidity(new LinearDepth(1e12), 30, 0, 0, 0),
            null);
    CompiledExposure book =
        new CompiledExposure(
            new ProtocolExposure(
                "breaker",
                List.of(a),
                List.of(),
                List.of(),
                List.of(new LoanBucket("A", 100, 4_500, 0.8, 0.05, 0.5, 1)),
                List.of(),
                new Controls(new CircuitBreaker(0.5, 60, 60), null, 0, 0, false)),
            8,
            15);
    assertEquals(4, book.breakerPauseSteps);
    ScenarioWorker w = new ScenarioWorker(book, null, false);
    w.reset();
    w.random.reset(1, 0);
    w.f[0] = Math.log(0.5);
    for (int step = 0; step < 5; step++) {
      w.beforeCascade(step);
      if (step == 0) {
        // Exactly at (1 - 0.5) x 100: "at or below" trips.
        assertEquals(50, w.oracle[0], 0);
        assertTrue(w.breakerTripped, "an oracle exactly at the drop trips the breaker");
      }
      w.cascade(step, book.hedgeYears(step), 1, null);
      w.endStep();
      if (step < 4) {
        // Paused at steps 0 to 3 (4 steps, the trip's included): at step 3 the window (samples 0
        // to 4) still holds P0 = 100, so a breaker tested again would trip again.
        assertEquals(4_500, w.debt[0], 0, "step " + step + " liquidated while paused");
      }
    }
    // Step 4: the pause is over and the window (samples 1 to 5) is all at 50: one round repays c D.
    assertEquals(4_500 - 0.5 * 4_500, w.debt[0], 1e-9 * 4_500);
  }
}
