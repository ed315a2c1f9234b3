package io.backstop.core.sim;

import io.backstop.core.bench.ExampleBooks;
import io.backstop.core.model.RunSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The engine's cost per scenario-step on one thread, measured in this thread's CPU time (less
 * exposed to other tenants than wall time, though not to a busy sibling hyperthread): runs of
 * {@code scenarios} scenarios of the example's Monte Carlo, repeated, and prints the best run's
 * nanoseconds per scenario-step (the first two runs warm the JIT and are not counted) and a
 * checksum. Arguments: example (default crypto-lending), scenarios (default 1000), runs (default
 * 25). {@code tools/bench/cpu-ab.sh} alternates it between two builds.
 */
public final class EngineCpuMain {
  private static final int WARM_RUNS = 2;

  private EngineCpuMain() {}

  /** Entry point. */
  public static void main(String[] args) {
    ExampleBooks.Example e = ExampleBooks.byName(args.length > 0 ? args[0] : "crypto-lending");
    int scenarios = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 25;
    RunSettings s = e.settings().withDefaults();
    CompiledExposure book = CompiledExposure.of(e.exposure(), s);
    ScenarioWorker worker = new ScenarioWorker(book, BookDeltaTable.of(book), true);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double checksum = 0;
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < runs + WARM_RUNS; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < scenarios; i++) {
        checksum += worker.runScenario(s.seed(), i, 20);
      }
      long c1 = threads.getCurrentThreadCpuTime();
      if (r >= WARM_RUNS) {
        best = Math.min(best, (double) (c1 - c0) / ((double) scenarios * book.steps));
      }
    }
    System.out.printf("%.1f ns per scenario-step (checksum %s)%n", best, checksum);
  }
}
