package io.backstop.core.bench;

import io.backstop.core.sim.Parallelism;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Repeats quotes of one example for a while, for a sampling profiler (JFR) to look at, and prints
 * the time of each, then a summary of the quotes after the first {@value #WARM_UP} (the JIT's
 * warm-up): their count and the best, 25th percentile, median and 75th percentile of the quote's
 * wall time and of its {@code simulate} part (docs/performance.md quotes these). Arguments: example
 * name (default crypto-lending), seconds (default 30), threads (default all cores).
 */
public final class ProfileMain {
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private ProfileMain() {}

  /** Quotes left out of the summary: those the JIT has not yet compiled. */
  static final int WARM_UP = 10;

  /** Entry point. */
  public static void main(String[] args) {
    ExampleBooks.Example e = ExampleBooks.byName(args.length > 0 ? args[0] : "crypto-lending");
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 30;
    int threads =
        args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Parallelism p = threads == 1 ? Parallelism.sequential() : new Parallelism(pool, threads);
    java.util.List<Double> quotes = new java.util.ArrayList<>();
    java.util.List<Double> simulates = new java.util.ArrayList<>();
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
        quotes.add((t1 - t0) / 1e6);
        simulates.add(r.simulateNanos() / 1e6);
      }
    } finally {
      pool.shutdownNow();
    }
    if (quotes.size() > WARM_UP) {
      System.out.printf(
          "summary of %d quotes after the first %d: quote %s; simulate %s (best %.2f M"
              + " scenario-steps/s)%n",
          quotes.size() - WARM_UP,
          WARM_UP,
          quartiles(quotes.subList(WARM_UP, quotes.size())),
          quartiles(simulates.subList(WARM_UP, simulates.size())),
          e.scenarioSteps()
              / (java.util.Collections.min(simulates.subList(WARM_UP, simulates.size())) / 1e3)
              / 1e6);
    } else {
      System.out.printf(
          "no summary: %d quotes, at most the %d of the warm-up%n", quotes.size(), WARM_UP);
    }
  }

  /** Best, 25th percentile, median and 75th percentile, in ms (nearest rank). */
  private static String quartiles(java.util.List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(
        java.util.Locale.ROOT,
        "best %.1f ms, p25 %.1f, median %.1f, p75 %.1f",
        v[0],
        rank(v, 0.25),
        rank(v, 0.5),
        rank(v, 0.75));
  }

  private static double rank(double[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  }
}
