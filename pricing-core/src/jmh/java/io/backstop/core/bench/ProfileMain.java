package io.backstop.core.bench;

import io.backstop.core.sim.Parallelism;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Repeats quotes of one example for a while, for a sampling profiler (JFR) to look at, and prints
 * the time of each. Arguments: example name (default crypto-lending), seconds (default 30), threads
 * (default all cores).
 */
public final class ProfileMain {
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private ProfileMain() {}

  /** Entry point. */
  public static void main(String[] args) {
    ExampleBooks.Example e = ExampleBooks.byName(args.length > 0 ? args[0] : "crypto-lending");
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 30;
    int threads =
        args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Parallelism p = threads == 1 ? Parallelism.sequential() : new Parallelism(pool, threads);
    try {
      long end = System.nanoTime() + (long) (seconds * 1e9);
      while (System.nanoTime() < end) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Quote.Result r = Quote.run(e, p);
        long t1 = System.nanoTime();
        long c1 = THREADS.getCurrentThreadCpuTime();
        System.out.printf(
            "%s quote %.1f ms wall (simulate %.1f, collateral %.1f), %.1f ms cpu of this thread"
                + " (simulate %.2f M scenario-steps/s wall) premium %s%n",
            e.name(),
            (t1 - t0) / 1e6,
            r.simulateNanos() / 1e6,
            r.collateralNanos() / 1e6,
            (c1 - c0) / 1e6,
            e.scenarioSteps() / (r.simulateNanos() / 1e9) / 1e6,
            r.premium().premiumUsd());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
