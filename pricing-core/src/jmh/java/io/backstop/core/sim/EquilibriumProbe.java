package io.backstop.core.sim;

import io.backstop.core.bench.ExampleBooks;
import io.backstop.core.model.RunSettings;
import io.backstop.core.risk.TailLossResult;
import io.backstop.core.risk.TailStatistics;

/**
 * What the equilibrium hedge (model 0.3.0) changes in an example's results: every scenario run by
 * the Monte Carlo's worker and by the same worker with plain rounds (same seed, table and cap), and
 * the loss statistics of both with their standard errors, and the paired difference of the means.
 * Arguments: example (default crypto-lending), scenarios (default 10000).
 */
public final class EquilibriumProbe {
  private EquilibriumProbe() {}

  /** Entry point. */
  public static void main(String[] args) {
    ExampleBooks.Example e = ExampleBooks.byName(args.length > 0 ? args[0] : "crypto-lending");
    int scenarios = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    RunSettings s = e.settings().withDefaults();
    CompiledExposure book = CompiledExposure.of(e.exposure(), s);
    BookDeltaTable table = BookDeltaTable.of(book);
    ScenarioWorker plain = new ScenarioWorker(book, table, false);
    ScenarioWorker solved = new ScenarioWorker(book, table, true);
    double[][] loss = new double[2][scenarios];
    double[][] liquidated = new double[2][scenarios];
    for (int i = 0; i < scenarios; i++) {
      loss[0][i] = plain.runScenario(s.seed(), i, 20);
      liquidated[0][i] = plain.liquidatedUsd;
      loss[1][i] = solved.runScenario(s.seed(), i, 20);
      liquidated[1][i] = solved.liquidatedUsd;
    }
    double fund = book.insuranceFundUsd;
    String[] names = {"plain rounds", "equilibrium"};
    for (int v = 0; v < 2; v++) {
      double[] net = new double[scenarios];
      for (int i = 0; i < scenarios; i++) {
        net[i] = Math.max(0, loss[v][i] - fund);
      }
      TailLossResult gross = TailStatistics.DEFAULT.compute(loss[v], new double[] {0.99});
      TailLossResult netTail = TailStatistics.DEFAULT.compute(net, new double[] {0.99});
      System.out.printf(
          "%s, %s: mean gross loss %.1f (SE %.1f) USD; net EL %.2f (SE %.2f), net ES 99%% %.1f;"
              + " mean USD liquidated %.0f%n",
          e.name(),
          names[v],
          gross.expectedLossUsd(),
          gross.expectedLossStdErrorUsd(),
          netTail.expectedLossUsd(),
          netTail.expectedLossStdErrorUsd(),
          netTail.levels().get(0).esUsd(),
          TailStatistics.mean(liquidated[v]));
    }
    double[] diff = new double[scenarios];
    for (int i = 0; i < scenarios; i++) {
      diff[i] = loss[1][i] - loss[0][i];
    }
    TailLossResult d = TailStatistics.DEFAULT.compute(diff, new double[] {0.5});
    int differing = 0;
    double largest = 0;
    double sumLarge = 0;
    int large = 0;
    for (double v : diff) {
      differing += Math.abs(v) > 1 ? 1 : 0;
      largest = Math.max(largest, Math.abs(v));
      if (Math.abs(v) > 100_000) {
        large++;
        sumLarge += v;
      }
    }
    System.out.printf(
        "paired difference of gross loss (equilibrium - plain): mean %.1f USD, SE %.1f;"
            + " %d scenarios differ by more than 1 USD, %d by more than 100,000 USD (together"
            + " %.0f USD, i.e. %.1f of the mean), largest %.0f USD%n",
        d.expectedLossUsd(),
        d.expectedLossStdErrorUsd(),
        differing,
        large,
        sumLarge,
        sumLarge / scenarios,
        largest);
  }
}
