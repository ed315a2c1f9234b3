package io.backstop.core.bench;

import io.backstop.core.model.CoverTerms;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.sim.Parallelism;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A maximum-size quote under the service's default limits (RequestLimits.DEFAULT): 32 assets, 2,000
 * loan buckets, 1,000 options, 200,000 scenarios, run on all cores, with the heap capped by the
 * caller ({@code -Xmx512m}); prints the peak heap used. Per-scenario memory does not depend on the
 * number of steps, so the horizon argument (hours, default 0.25 = one 15-minute step) only sets the
 * run time. Arguments: horizonHours, options (default 1000).
 */
public final class MaxRequestMain {
  private MaxRequestMain() {}

  /** Entry point. */
  public static void main(String[] args) {
    double hours = args.length > 0 ? Double.parseDouble(args[0]) : 0.25;
    int options = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    ProtocolExposure exposure = ScalingMain.synthetic(32, 2000, options);
    RunSettings settings = new RunSettings(200_000, 1, hours, 15, List.of(0.95, 0.99, 0.995));
    ExampleBooks.Example e =
        new ExampleBooks.Example(
            "max", exposure, new CoverTerms(10_000_000, 50_000_000, 30, 0.15, 0.2), settings);
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      Quote.Result r = Quote.run(e, new Parallelism(pool, threads));
      long peak = 0;
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          peak += p.getPeakUsage().getUsed();
        }
      }
      System.out.printf(
          "max request: %d scenarios x %d steps, 32 assets, 2000 buckets, %d options: %.1f s,"
              + " max heap %d MiB, peak heap used (sum of pool peaks) %d MiB, premium %s%n",
          settings.scenarios(),
          settings.withDefaults().steps(),
          options,
          (System.nanoTime() - t0) / 1e9,
          Runtime.getRuntime().maxMemory() >> 20,
          peak >> 20,
          r.premium().premiumUsd());
    } finally {
      pool.shutdownNow();
    }
  }
}
