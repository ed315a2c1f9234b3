package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.bench.ExampleBooks;
import io.backstop.core.model.RunSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ScenarioWorker#quietRound}, the common case's own path through a step's first round,
 * leaves the state the general round leaves, to the bit: each example book run scenario by scenario
 * with and without it, every outcome compared as raw bits, and the path must have carried most of
 * the steps (else the comparison would prove nothing).
 */
class QuietRoundTest {
  @ParameterizedTest
  @CsvSource({"crypto-lending, 0.9", "nft-lending, 0.9", "rwa-vault, 0.9"})
  void theQuietPathGivesTheGeneralRoundsBits(String name, double minShare) {
    ExampleBooks.Example e = ExampleBooks.byName(name);
    RunSettings s = e.settings().withDefaults();
    CompiledExposure book = CompiledExposure.of(e.exposure(), s);
    BookDeltaTable table = BookDeltaTable.of(book);
    ScenarioWorker quiet = new ScenarioWorker(book, table, true, true);
    ScenarioWorker general = new ScenarioWorker(book, table, true, false);
    int scenarios = 300;
    for (int i = 0; i < scenarios; i++) {
      double a = quiet.runScenario(s.seed(), i, 20);
      double b = general.runScenario(s.seed(), i, 20);
      String at = name + " scenario " + i;
      assertEquals(Double.doubleToRawLongBits(b), Double.doubleToRawLongBits(a), at + " loss");
      assertEquals(bits(general.liquidatedUsd), bits(quiet.liquidatedUsd), at + " liquidated");
      assertEquals(general.cascadeRounds, quiet.cascadeRounds, at + " cascade rounds");
      assertEquals(general.breakerTripped, quiet.breakerTripped, at + " breaker");
      for (int k = 0; k < book.assets; k++) {
        assertEquals(bits(general.price[k]), bits(quiet.price[k]), at + " price " + k);
        assertEquals(bits(general.minPrice[k]), bits(quiet.minPrice[k]), at + " low " + k);
        assertEquals(bits(general.oracle[k]), bits(quiet.oracle[k]), at + " oracle " + k);
        assertEquals(bits(general.heldBookDelta[k]), bits(quiet.heldBookDelta[k]), at + " delta");
      }
    }
    long steps = (long) scenarios * book.steps;
    assertEquals(0, general.quietRounds, "the general worker never takes the quiet path");
    assertTrue(
        quiet.quietRounds >= minShare * steps,
        name + ": quiet path on " + quiet.quietRounds + " of " + steps + " steps");
  }

  private static long bits(double x) {
    return Double.doubleToRawLongBits(x);
  }
}
