package io.backstop.core.sim;

import io.backstop.core.bench.ExampleBooks;
import io.backstop.core.model.RunSettings;

/**
 * Counts of the Monte Carlo's work on an example book, independent of the machine's speed: the
 * share of steps whose first round took {@link ScenarioWorker#quietRound}, the equilibrium solves
 * and their delta-table evaluations after the start's, and the liquidations that did not pay at
 * full size and how many of those needed no profit bisection. Arguments: example (default
 * crypto-lending), scenarios (default 2000).
 */
public final class SolveProbe {
  private SolveProbe() {}

  /** Entry point. */
  public static void main(String[] args) {
    ExampleBooks.Example e = ExampleBooks.byName(args.length > 0 ? args[0] : "crypto-lending");
    int scenarios = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    RunSettings s = e.settings().withDefaults();
    CompiledExposure book = CompiledExposure.of(e.exposure(), s);
    ScenarioWorker w = new ScenarioWorker(book, BookDeltaTable.of(book), true);
    for (int i = 0; i < scenarios; i++) {
      w.runScenario(s.seed(), i, 20);
    }
    long steps = (long) scenarios * book.steps;
    System.out.printf(
        "%s, %d scenarios (%d steps): quiet round on %.2f%% of steps%n",
        e.name(), scenarios, steps, 100.0 * w.quietRounds / steps);
    System.out.printf(
        "equilibrium solves %d, table evaluations per solve after the start's %.3f%n",
        w.solves, (double) w.solveEvaluations / Math.max(1, w.solves));
    System.out.printf(
        "liquidations not paying at full size %d, of which no fraction paid (bisection skipped)"
            + " %d%n",
        w.unprofitableLiquidations, w.bisectionsSkipped);
  }
}
