package io.backstop.core.sim;

import io.backstop.core.bench.ExampleBooks;
import io.backstop.core.model.RunSettings;

/**
 * What the tabulated book delta ({@link BookDeltaTable}) changes in an example's results: each
 * scenario run with exact deltas in plain rounds and by the Monte Carlo's worker (the table and,
 * since model 0.3.0, the equilibrium hedge; same seed), and the largest differences of the
 * per-scenario loss and minimum price, and of the mean loss and rounds. Arguments: example (default
 * crypto-lending), scenarios (default 1000), round cap of the exact run (default 20).
 */
public final class DeltaTableProbe {
  private DeltaTableProbe() {}

  /** Entry point. */
  public static void main(String[] args) {
    ExampleBooks.Example e = ExampleBooks.byName(args.length > 0 ? args[0] : "crypto-lending");
    int scenarios = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int exactCap = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    RunSettings s = e.settings().withDefaults();
    CompiledExposure book = CompiledExposure.of(e.exposure(), s);
    ScenarioWorker exact = new ScenarioWorker(book);
    ScenarioWorker table = new ScenarioWorker(book, BookDeltaTable.of(book), true);
    double sumExact = 0;
    double sumTable = 0;
    double worstLoss = 0;
    double worstMinPrice = 0;
    long roundsExact = 0;
    long roundsTable = 0;
    for (int i = 0; i < scenarios; i++) {
      double a = exact.runScenario(s.seed(), i, exactCap);
      double b = table.runScenario(s.seed(), i, 20);
      sumExact += a;
      sumTable += b;
      worstLoss = Math.max(worstLoss, Math.abs(a - b));
      for (int k = 0; k < book.assets; k++) {
        worstMinPrice =
            Math.max(worstMinPrice, Math.abs(table.minPrice[k] / exact.minPrice[k] - 1));
      }
      roundsExact += exact.cascadeRounds;
      roundsTable += table.cascadeRounds;
    }
    System.out.printf(
        "%s, %d scenarios: mean loss exact %.6f table %.6f USD; largest |loss difference| %.3g USD;"
            + " largest relative minimum-price difference %.3g; liquidating rounds %d vs %d%n",
        e.name(),
        scenarios,
        sumExact / scenarios,
        sumTable / scenarios,
        worstLoss,
        worstMinPrice,
        roundsExact,
        roundsTable);
  }
}
