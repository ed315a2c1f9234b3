package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.Fixtures;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.ProtocolExposure;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Options settle in cash at expiry and leave the dealers' book (docs/model.md, the dealer hedge;
 * model 0.3.2): from the first hedge at or past expiry their delta is 0, the dealers unwind what is
 * left of the hedge in that step and hold nothing for them after; the delta table keeps serving the
 * asset with the live options (before, an expired option kept an intrinsic delta, a step at the
 * strike, and the asset was off the table for the rest of the run).
 */
class OptionExpiryTest {
  private static final int STEPS_PER_DAY = 96;

  @Test
  void anExpiredOptionLeavesTheBookAndItsHedgeIsUnwound() {
    // One short put on ETH expiring after one day; a two-day run.
    ProtocolExposure e =
        Fixtures.lendingBook()
            .withOptions(
                List.of(new OptionPosition("ETH", OptionType.PUT, 3000, 1, 0.8, 50_000, -1)));
    int steps = 2 * STEPS_PER_DAY;
    CompiledExposure book = new CompiledExposure(e, steps, 15);
    int eth = book.assetIndex.get("ETH");
    ScenarioWorker w = new ScenarioWorker(book, BookDeltaTable.of(book), true);
    int hedgedBefore = 0;
    for (int scenario = 0; scenario < 40; scenario++) {
      w.reset();
      w.random.reset(3, scenario);
      for (int step = 0; step < steps; step++) {
        double years = (step + 1) * book.stepYears;
        w.beforeCascade(step);
        w.cascade(step, years, 20, null);
        w.endStep();
        if (book.optionExpired(0, years)) {
          assertEquals(0.0, w.heldBookDelta[eth], "scenario " + scenario + " step " + step);
        } else if (w.heldBookDelta[eth] != 0) {
          hedgedBefore++;
        }
      }
    }
    assertTrue(hedgedBefore > 0, "the dealers hedged the put before its expiry");
    // The expiry is at the end of step 95 (one day of 15-minute steps): expired from that hedge on.
    assertTrue(book.optionExpired(0, STEPS_PER_DAY * book.stepYears));
    assertTrue(!book.optionExpired(0, (STEPS_PER_DAY - 1) * book.stepYears));
  }

  @Test
  void theTableServesTheLiveOptionsPastAnExpiry() {
    // The lending book's ETH options expire at 7 and 30 days; a 20-day run.
    CompiledExposure book = new CompiledExposure(Fixtures.lendingBook(), 20 * STEPS_PER_DAY, 15);
    BookDeltaTable table = BookDeltaTable.of(book);
    int eth = book.assetIndex.get("ETH");
    int day10 = 10 * STEPS_PER_DAY;
    assertTrue(table.serves(day10, eth), "served past the 7-day expiry");
    // And it gives what the live options alone give: the table against the exact sum over them.
    double[] out = new double[2];
    double years = (day10 + 1) * book.stepYears;
    for (double move : new double[] {-0.3, -0.05, 0, 0.1}) {
      double exact = 0;
      for (int i = 0; i < book.options; i++) {
        if (book.optionAsset[i] == eth && !book.optionExpired(i, years)) {
          exact +=
              book.optionWeight[i]
                  * io.backstop.core.options.BlackScholes.delta(
                      book.optionType[i],
                      book.initialPrice[eth] * Math.exp(move),
                      book.optionStrike[i],
                      book.optionExpiryYears[i] - years,
                      book.optionVol[i]);
        }
      }
      double gross = 0;
      for (int i = 0; i < book.options; i++) {
        gross += book.optionAsset[i] == eth ? Math.abs(book.optionWeight[i]) : 0;
      }
      assertEquals(
          exact,
          table.deltaAndSlope(day10, eth, move, out),
          1e-7 * gross, // the table's bound is 1e-8 of gross open interest; rounding of the nodes
          "move " + move);
    }
  }
}
