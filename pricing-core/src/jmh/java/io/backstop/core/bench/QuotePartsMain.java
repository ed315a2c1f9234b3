package io.backstop.core.bench;

import io.backstop.core.CascadeEngine;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.pricing.CollateralAssessor;
import io.backstop.core.pricing.CollateralPolicy;
import io.backstop.core.pricing.VolatilityRegime;
import io.backstop.core.sim.CancellationToken;
import io.backstop.core.sim.Parallelism;
import io.backstop.core.sim.ProgressListener;
import io.backstop.core.sim.SimulationResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Where one quote's CPU goes, part by part, on one thread (thread CPU time, best of the repeats):
 * the simulation, the tail statistics, the premium, the cascade report and the collateral
 * assessment of {@link Quote#run}, then the collateral's own Monte Carlo runs at one step (the
 * horizon of a crypto asset with a live oracle and unlimited exit), the whole exposure and its
 * exogenous part, per scenario. Arguments: example (default crypto-lending), repeats (default 30).
 */
public final class QuotePartsMain {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private QuotePartsMain() {}

  /** Entry point. */
  public static void main(String[] args) {
    ExampleBooks.Example e = ExampleBooks.byName(args.length > 0 ? args[0] : "crypto-lending");
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Parallelism one = Parallelism.sequential();
    RunSettings s = e.settings().withDefaults();
    RunSettings oneStep =
        new RunSettings(s.scenarios(), s.seed(), s.stepMinutes() / 60, s.stepMinutes(), List.of());
    SimulationResult[] sim = new SimulationResult[1];
    List<String> names =
        new ArrayList<>(
            List.of(
                "simulate",
                "tail statistics",
                "premium",
                "cascade report",
                "collateral assessment"));
    List<LongSupplier> parts =
        new ArrayList<>(
            List.of(
                () -> {
                  sim[0] = Quote.simulate(e, one);
                  return sim[0].netLossUsd().length;
                },
                () -> Quote.tail(e, sim[0]).levels().size(),
                () -> (long) Quote.premium(e, sim[0]).premiumUsd(),
                () -> Quote.cascade(e).assetIds().size(),
                () -> Quote.collateral(e, sim[0], one).size()));
    // The collateral's Monte Carlo runs at one step, per regime: the whole exposure, its exogenous
    // part.
    CollateralPolicy policy = CollateralAssessor.DEFAULT.policy();
    for (VolatilityRegime regime :
        List.of(VolatilityRegime.BASE, policy.highVolatility(), policy.lowVolatility())) {
      ProtocolExposure whole = regime.apply(e.exposure());
      ProtocolExposure exogenous = CollateralAssessor.exogenous(whole);
      for (ProtocolExposure x : List.of(whole, exogenous)) {
        names.add(
            "one-step run, "
                + regime.name()
                + (x == whole ? ", whole exposure" : ", exogenous part"));
        parts.add(
            () ->
                CascadeEngine.DEFAULT
                    .simulate(x, oneStep, one, ProgressListener.NONE, CancellationToken.NONE)
                    .steps());
      }
    }
    double[] best = new double[parts.size()];
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    long sink = 0;
    for (int r = 0; r < repeats; r++) {
      for (int p = 0; p < parts.size(); p++) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        sink += parts.get(p).getAsLong();
        best[p] = Math.min(best[p], (THREADS.getCurrentThreadCpuTime() - c0) / 1e6);
      }
    }
    double quote = best[0] + best[1] + best[2] + best[3] + best[4];
    System.out.printf("%s, one thread, thread CPU, best of %d:%n", e.name(), repeats);
    for (int p = 0; p < parts.size(); p++) {
      String share =
          p < 5
              ? String.format(" (%4.1f%% of the quote's parts)", 100 * best[p] / quote)
              : String.format(" (%.3f µs per scenario)", 1e3 * best[p] / s.scenarios());
      System.out.printf("  %-50s %8.2f ms%s%n", names.get(p), best[p], share);
    }
    System.out.printf("  %-50s %8.2f ms (checksum %d)%n", "sum of the quote's parts", quote, sink);
  }
}
