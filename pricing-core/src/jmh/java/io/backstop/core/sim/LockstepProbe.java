package io.backstop.core.sim;

import io.backstop.core.bench.ExampleBooks;
import io.backstop.core.model.RunSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * An experiment: L workers (one per lane) step L scenarios in lockstep, each phase of a step (the
 * exogenous move and start, the cascade, the step's end) run for every lane before the next phase,
 * to see whether the processor overlaps the lanes' dependent chains at the engine's granularity.
 * The same scenarios and the same bits as {@link EngineCpuMain} (the checksum is summed in scenario
 * order). Arguments: example, lanes, scenarios (a multiple of lanes), runs. Prints the best run's
 * nanoseconds of this thread's CPU per scenario-step.
 */
public final class LockstepProbe {
  private static final int WARM_RUNS = 2;

  private LockstepProbe() {}

  /** Entry point. */
  public static void main(String[] args) {
    ExampleBooks.Example e = ExampleBooks.byName(args.length > 0 ? args[0] : "crypto-lending");
    int lanes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int scenarios = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 25;
    RunSettings s = e.settings().withDefaults();
    CompiledExposure book = CompiledExposure.of(e.exposure(), s);
    BookDeltaTable table = BookDeltaTable.of(book);
    ScenarioWorker[] w = new ScenarioWorker[lanes];
    for (int l = 0; l < lanes; l++) {
      w[l] = new ScenarioWorker(book, table, true);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double checksum = 0;
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < runs + WARM_RUNS; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < scenarios; i += lanes) {
        for (int l = 0; l < lanes; l++) {
          w[l].reset();
          w[l].random.reset(s.seed(), i + l);
        }
        for (int step = 0; step < book.steps; step++) {
          double years = book.hedgeYears(step);
          for (int l = 0; l < lanes; l++) {
            w[l].beforeCascade(step);
          }
          for (int l = 0; l < lanes; l++) {
            w[l].cascade(step, years, 20, null);
          }
          for (int l = 0; l < lanes; l++) {
            w[l].endStep();
          }
        }
        for (int l = 0; l < lanes; l++) {
          checksum += w[l].badDebtUsd + w[l].shortfall();
        }
      }
      long c1 = threads.getCurrentThreadCpuTime();
      if (r >= WARM_RUNS) {
        best = Math.min(best, (double) (c1 - c0) / ((double) scenarios * book.steps));
      }
    }
    System.out.printf("%d lanes: %.1f ns per scenario-step (checksum %s)%n", lanes, best, checksum);
  }
}
