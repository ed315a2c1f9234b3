package io.backstop.core.bench;

import io.backstop.core.CascadeEngine;
import io.backstop.core.WorkEstimate;
import io.backstop.core.model.CircuitBreaker;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.pricing.CollateralAssessor;
import io.backstop.core.sim.CancellationToken;
import io.backstop.core.sim.Parallelism;
import io.backstop.core.sim.ProgressListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cost model's table: measured engine time (one thread, thread CPU, best of a few repeats after
 * a warm-up) of Monte Carlo runs and collateral assessments of varied books, against {@link
 * WorkEstimate}'s estimate (the units the service admits and limits calls by), with their ratio.
 * Run from the repository root: see docs/performance.md, "Cost model". Argument {@code quick} runs
 * fewer repeats.
 */
public final class CostModelMain {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CostModelMain() {}

  private record Row(String name, Supplier<Double> measuredNanos, double estimatedNanos) {}

  /** Entry point. */
  public static void main(String[] args) {
    int repeats = args.length > 0 && args[0].equals("quick") ? 2 : 5;
    List<Row> rows = new ArrayList<>();
    List<int[]> shapes = new ArrayList<>(List.of(ScalingMain.SHAPES));
    shapes.add(new int[] {32, 2000, 1000}); // everything at its limit at once
    for (int[] s : shapes) {
      ProtocolExposure book = ScalingMain.synthetic(s[0], s[1], s[2]);
      rows.add(run(s[0] + " assets, " + s[1] + " buckets, " + s[2] + " options", book, 1000, 96));
    }
    for (int assets : new int[] {1, 8, 32}) {
      ProtocolExposure e = CollateralAssessor.exogenous(ScalingMain.synthetic(assets, 0, 0));
      rows.add(run(assets + " assets, exogenous only (collateral's runs)", e, 1000, 96));
    }
    ProtocolExposure withBreaker = breaker(ScalingMain.synthetic(3, 12, 3), 24 * 60);
    rows.add(run("3 assets, 12 buckets, 3 options, 24 h breaker window", withBreaker, 1000, 96));
    rows.add(run("crypto-lending, 1-step runs", ExampleBooks.cryptoLending().exposure(), 10000, 1));
    ProtocolExposure crypto = ExampleBooks.cryptoLending().exposure();
    rows.add(run("crypto-lending, 30 days", crypto, 200, 2880));
    rows.add(
        run(
            "crypto-lending, 30 days, exogenous only",
            CollateralAssessor.exogenous(crypto),
            200,
            2880));
    for (String name : new String[] {"crypto-lending", "nft-lending", "rwa-vault"}) {
      ExampleBooks.Example e = ExampleBooks.byName(name);
      RunSettings s = e.settings().withDefaults();
      rows.add(run(name, e.exposure(), 1000, s.steps(), s.effectiveStepMinutes()));
      rows.add(collateral(name + ", collateral assessment", e));
    }

    System.out.println("# warm-up (10 s)");
    long warmEnd = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      rows.get(2).measuredNanos().get();
    }
    double[] best = new double[rows.size()];
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    for (int r = 0; r < repeats; r++) { // rows interleaved: the machine's drift touches all alike
      for (int i = 0; i < rows.size(); i++) {
        best[i] = Math.min(best[i], rows.get(i).measuredNanos().get());
      }
    }
    System.out.println("| run | measured ms | estimated ms | estimate / measured |");
    System.out.println("|---|---:|---:|---:|");
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      double ratio = row.estimatedNanos() / best[i];
      lo = Math.min(lo, ratio);
      hi = Math.max(hi, ratio);
      System.out.printf(
          "| %s | %.1f | %.1f | %.2f |%n",
          row.name(), best[i] / 1e6, row.estimatedNanos() / 1e6, ratio);
    }
    System.out.printf("estimate / measured between %.2f and %.2f%n", lo, hi);
  }

  private static Row run(String name, ProtocolExposure book, int scenarios, int steps) {
    return run(name, book, scenarios, steps, 15);
  }

  private static Row run(
      String name, ProtocolExposure book, int scenarios, int steps, double stepMinutes) {
    RunSettings s = new RunSettings(scenarios, 1, steps * stepMinutes / 60, stepMinutes, List.of());
    return new Row(
        name + " (" + scenarios + " x " + steps + ")",
        () ->
            cpuNanos(
                () ->
                    CascadeEngine.DEFAULT.simulate(
                        book,
                        s,
                        Parallelism.sequential(),
                        ProgressListener.NONE,
                        CancellationToken.NONE)),
        WorkEstimate.simulationNanos(book, scenarios, steps, stepMinutes));
  }

  private static Row collateral(String name, ExampleBooks.Example e) {
    RunSettings s = new RunSettings(1000, 1, 0, e.settings().stepMinutes(), List.of());
    return new Row(
        name + " (1000 scenarios)",
        () ->
            cpuNanos(
                () ->
                    CollateralAssessor.DEFAULT.assess(
                        e.exposure(), s, 0, Parallelism.sequential(), CancellationToken.NONE)),
        CollateralAssessor.DEFAULT.work(e.exposure(), s, null));
  }

  private static double cpuNanos(Runnable r) {
    long t0 = THREADS.getCurrentThreadCpuTime();
    r.run();
    return THREADS.getCurrentThreadCpuTime() - t0;
  }

  private static ProtocolExposure breaker(ProtocolExposure e, double windowMinutes) {
    return e.withControls(
        e.controls().withCircuitBreaker(new CircuitBreaker(0.5, windowMinutes, 60)));
  }
}
