package io.backstop.core.sim;

import io.backstop.core.bench.ExampleBooks;
import io.backstop.core.model.RunSettings;

/**
 * Diagnostics of the cascade loop on an example book: cascade rounds per step (the engine's cost
 * driver), and how many rounds each step would have needed had the quiet test used a looser log
 * move than {@link ScenarioWorker#QUIET_LOG_MOVE} (the first round with no liquidation and every
 * log move below the tolerance; an estimate, since later steps would then start from slightly
 * different states). Arguments: example (default crypto-lending), scenarios (default 1000).
 */
public final class RoundsProbe {
  private RoundsProbe() {}

  /** Entry point. */
  public static void main(String[] args) {
    ExampleBooks.Example e = ExampleBooks.byName(args.length > 0 ? args[0] : "crypto-lending");
    int scenarios = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    RunSettings s = e.settings().withDefaults();
    CompiledExposure book = CompiledExposure.of(e.exposure(), s);
    ScenarioWorker w = new ScenarioWorker(book, BookDeltaTable.of(book), true);
    double[] tolerances = {ScenarioWorker.QUIET_LOG_MOVE, 1e-5, 1e-4};
    long[] needed = new long[tolerances.length];
    long[] histogram = new long[21];
    long steps = 0;
    int[] firstQuiet = new int[tolerances.length];
    double[] before = new double[book.assets];
    int[] roundsThisStep = {0};
    RoundObserver observer =
        (round, worker) -> {
          double largest = 0;
          boolean liquidated = false;
          for (int k = 0; k < book.assets; k++) {
            largest = Math.max(largest, Math.abs(Math.log(worker.price[k] / before[k])));
            before[k] = worker.price[k];
            liquidated |= worker.seizedUnits[k] != 0;
          }
          for (int t = 0; t < tolerances.length; t++) {
            if (firstQuiet[t] == 0 && !liquidated && largest < tolerances[t]) {
              firstQuiet[t] = round;
            }
          }
          roundsThisStep[0] = round;
        };
    for (int i = 0; i < scenarios; i++) {
      w.reset();
      w.random.reset(s.seed(), i);
      for (int step = 0; step < book.steps; step++) {
        w.beforeCascade(step);
        System.arraycopy(w.price, 0, before, 0, book.assets);
        java.util.Arrays.fill(firstQuiet, 0);
        w.cascade(step, (step + 1) * book.stepYears, 20, observer);
        w.endStep();
        histogram[roundsThisStep[0]]++;
        steps++;
        for (int t = 0; t < tolerances.length; t++) {
          needed[t] += firstQuiet[t] == 0 ? roundsThisStep[0] : firstQuiet[t];
        }
      }
    }
    System.out.printf("%s, %d scenarios: cascade rounds per step%n", e.name(), scenarios);
    double mean = 0;
    for (int r = 1; r <= 20; r++) {
      mean += (double) r * histogram[r] / steps;
      if (histogram[r] > 0) {
        System.out.printf("  %2d rounds: %5.2f%% of steps%n", r, 100.0 * histogram[r] / steps);
      }
    }
    System.out.printf("mean %.2f rounds per step%n", mean);
    for (int t = 0; t < tolerances.length; t++) {
      System.out.printf(
          "quiet at log move < %.0e: %.2f rounds per step%n",
          tolerances[t], (double) needed[t] / steps);
    }
  }
}
