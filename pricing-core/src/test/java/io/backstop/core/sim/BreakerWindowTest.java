package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.Fixtures;
import io.backstop.core.model.CircuitBreaker;
import io.backstop.core.model.ProtocolExposure;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker's window maximum, kept by a monotonic queue in O(1) a step (since model
 * 0.3.2), against a scan of the window's oracle prices, which is what the breaker compared with
 * before: to the bit, at every step start of every scenario, for windows from one step to longer
 * than the run. The lending book's ETH oracle is a push oracle (it stays flat for steps, so equal
 * prices are queued) and its stETH a live TWAP.
 */
class BreakerWindowTest {
  private static final int STEPS = 48;

  @Test
  void windowMaximumIsTheScansMaximum() {
    int trips = 0;
    for (double windowMinutes : new double[] {15, 45, 150, 24 * 60, 1e9}) {
      ProtocolExposure base = Fixtures.lendingBook();
      ProtocolExposure e =
          base.withControls(
              base.controls().withCircuitBreaker(new CircuitBreaker(0.05, windowMinutes, 30)));
      CompiledExposure book = new CompiledExposure(e, STEPS, 15);
      ScenarioWorker w = new ScenarioWorker(book, BookDeltaTable.of(book), true);
      for (int scenario = 0; scenario < 100; scenario++) {
        w.reset();
        w.random.reset(5, scenario);
        double[][] oracleAt = new double[STEPS + 1][]; // the oracles at each step start
        oracleAt[0] = book.initialPrice.clone();
        for (int step = 0; step < STEPS; step++) {
          w.beforeCascade(step);
          int sample = step + 1;
          oracleAt[sample] = w.oracle.clone();
          for (int k = 0; k < book.assets; k++) {
            double high = 0;
            for (int back = 0; back <= book.breakerWindowSteps && back <= sample; back++) {
              high = Math.max(high, oracleAt[sample - back][k]);
            }
            assertEquals(
                Double.doubleToRawLongBits(high),
                Double.doubleToRawLongBits(w.windowHigh(k)),
                "window "
                    + windowMinutes
                    + " scenario "
                    + scenario
                    + " step "
                    + step
                    + " asset "
                    + k);
          }
          w.cascade(step, book.hedgeYears(step), 20, null);
          w.endStep();
        }
        trips += w.breakerTripped ? 1 : 0;
      }
    }
    assertTrue(trips > 0, "the breaker must trip in some scenarios for the check to mean much");
  }
}
