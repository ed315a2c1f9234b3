package io.backstop.core.bench;

import io.backstop.core.CascadeEngine;
import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.Controls;
import io.backstop.core.model.Correlation;
import io.backstop.core.model.JumpProcess;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.Oracle;
import io.backstop.core.model.OracleKind;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.sim.CancellationToken;
import io.backstop.core.sim.Parallelism;
import io.backstop.core.sim.ProgressListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The scaling run: cost of {@code simulate} on one thread (thread CPU time, steadier than wall time
 * on a shared machine; best of a few repeats after warm-up) against scenarios and steps for the
 * crypto-lending example, with the log-log slope, then a table of cost against assets, loan buckets
 * and options on synthetic books.
 *
 * <p>Run (from the repository root, after {@code mvn -pl pricing-core test-compile}): see
 * docs/performance.md. Argument {@code quick} runs fewer repeats.
 */
public final class ScalingMain {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ScalingMain() {}

  /** The synthetic books of the cost table: {assets, buckets, options} ({@link #synthetic}). */
  static final int[][] SHAPES = {
    {1, 12, 0},
    {1, 12, 3},
    {3, 12, 3},
    {8, 12, 3},
    {16, 12, 3},
    {32, 12, 3},
    {3, 120, 3},
    {3, 1200, 3},
    {3, 2000, 3},
    {3, 12, 30},
    {3, 12, 300},
    {3, 12, 1000},
  };

  /** Entry point. */
  public static void main(String[] args) {
    int repeats = args.length > 0 && args[0].equals("quick") ? 2 : 7;
    ProtocolExposure crypto = ExampleBooks.cryptoLending().exposure();
    System.out.println("# warm-up (10 s: the JIT settles before the first measured run)");
    long warmEnd = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      cpuSeconds(crypto, 2000, 24, 15, 1);
    }

    System.out.println("# cost vs scenarios (crypto-lending, 96 steps of 15 min)");
    int[] scenarios = {1000, 2000, 4000, 8000};
    double[] cost =
        interleavedCpuSeconds(crypto, scenarios, new double[] {24, 24, 24, 24}, repeats);
    for (int i = 0; i < scenarios.length; i++) {
      System.out.printf(
          "scenarios %6d  cpu %8.1f ms  %6.3f us/scenario-step%n",
          scenarios[i], cost[i] * 1e3, cost[i] / (scenarios[i] * 96.0) * 1e6);
    }
    System.out.printf("log-log slope vs scenarios: %.3f%n", slope(scenarios, cost));

    System.out.println("# cost vs steps (crypto-lending, 2000 scenarios, 15-minute steps)");
    int[] steps = {24, 48, 96, 192};
    double[] costSteps =
        interleavedCpuSeconds(
            crypto, new int[] {2000, 2000, 2000, 2000}, new double[] {6, 12, 24, 48}, repeats);
    for (int i = 0; i < steps.length; i++) {
      System.out.printf(
          "steps %4d  cpu %8.1f ms  %6.3f us/scenario-step%n",
          steps[i], costSteps[i] * 1e3, costSteps[i] / (2000.0 * steps[i]) * 1e6);
    }
    System.out.printf("log-log slope vs steps: %.3f%n", slope(steps, costSteps));

    System.out.println(
        "# cost vs assets, buckets, options (synthetic books, 1000 scenarios x 96 steps)");
    System.out.println(
        "| assets | buckets | options | us per scenario-step | liquidating rounds per scenario |");
    System.out.println("|---:|---:|---:|---:|---:|");
    for (int[] shape : SHAPES) {
      ProtocolExposure book = synthetic(shape[0], shape[1], shape[2]);
      double c = cpuSeconds(book, 1000, 24, 15, repeats);
      double rounds = meanLiquidatingRounds(book, 1000);
      System.out.printf(
          "| %d | %d | %d | %.3f | %.2f |%n",
          shape[0], shape[1], shape[2], c / 96_000 * 1e6, rounds);
    }
  }

  private static double meanLiquidatingRounds(ProtocolExposure book, int n) {
    int[] r =
        CascadeEngine.DEFAULT
            .simulate(
                book,
                new RunSettings(n, 1, 24, 15, List.of()),
                Parallelism.sequential(),
                ProgressListener.NONE,
                CancellationToken.NONE)
            .cascadeRounds();
    double sum = 0;
    for (int x : r) {
      sum += x;
    }
    return sum / n;
  }

  /** Least-squares slope of ln cost on ln x. */
  static double slope(int[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += Math.log(x[i]) / n;
      my += Math.log(y[i]) / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (Math.log(x[i]) - mx) * (Math.log(y[i]) - my);
      sxx += (Math.log(x[i]) - mx) * (Math.log(x[i]) - mx);
    }
    return sxy / sxx;
  }

  /**
   * Best thread-CPU seconds of each run i (scenarios[i] over horizonHours[i] at 15-minute steps) in
   * {@code repeats} rounds that each run every size in turn: a slow drift of the shared machine
   * then touches all sizes alike instead of biasing the slope against the sizes run first or last
   * (run size by size, as before 2026-11-30, the slope against steps read 0.87 where interleaved
   * runs of the same code read 0.97).
   */
  static double[] interleavedCpuSeconds(
      ProtocolExposure book, int[] scenarios, double[] horizonHours, int repeats) {
    double[] best = new double[scenarios.length];
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    for (int r = 0; r < repeats; r++) {
      for (int i = 0; i < scenarios.length; i++) {
        best[i] = Math.min(best[i], cpuSeconds(book, scenarios[i], horizonHours[i], 15, 1));
      }
    }
    return best;
  }

  /** Best thread-CPU seconds of {@code repeats} sequential simulations. */
  static double cpuSeconds(
      ProtocolExposure book, int scenarios, double horizonHours, double stepMinutes, int repeats) {
    RunSettings settings = new RunSettings(scenarios, 1, horizonHours, stepMinutes, List.of());
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < repeats; r++) {
      long t0 = THREADS.getCurrentThreadCpuTime();
      CascadeEngine.DEFAULT.simulate(
          book, settings, Parallelism.sequential(), ProgressListener.NONE, CancellationToken.NONE);
      best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
    }
    return best;
  }

  /**
   * A synthetic crypto book: {@code assets} assets like WETH (vol 75%, t(4), jumps, linear depth,
   * push oracle), pairwise correlation 0.6; {@code buckets} loans spread over the assets at health
   * factors 1.05 to 2.0; {@code options} dealer options on the first assets, short puts and long
   * calls around spot, total open interest fixed so the book's gamma stays comparable.
   */
  static ProtocolExposure synthetic(int assets, int buckets, int options) {
    List<Asset> list = new ArrayList<>();
    List<Correlation> corr = new ArrayList<>();
    for (int k = 0; k < assets; k++) {
      list.add(
          new Asset(
              "A" + k,
              AssetClass.CRYPTO,
              3000,
              0.75,
              4,
              new JumpProcess(3, -0.1, 0.05),
              new Liquidity(new LinearDepth(25_000_000), 30, 0.3, 0, 0),
              new Oracle(OracleKind.PUSH, 12, 0, 0.005, 3600)));
      for (int j = 0; j < k; j++) {
        corr.add(new Correlation("A" + j, "A" + k, 0.6));
      }
    }
    List<LoanBucket> loans = new ArrayList<>();
    for (int b = 0; b < buckets; b++) {
      double health = 1.05 + 0.95 * b / Math.max(1, buckets - 1);
      double qty = 1_000_000_000.0 / 3000 / buckets;
      loans.add(
          new LoanBucket(
              "A" + (b % assets), qty, qty * 3000 * 0.83 / health, 0.83, 0.05, 0.5, 100));
    }
    List<OptionPosition> opts = new ArrayList<>();
    for (int i = 0; i < options; i++) {
      boolean put = i % 3 != 2;
      double strike = put ? 2800 - 10 * (i % 20) : 3400 + 10 * (i % 20);
      opts.add(
          new OptionPosition(
              "A" + (i % Math.min(assets, 3)),
              put ? OptionType.PUT : OptionType.CALL,
              strike,
              14 + (i % 5) * 4,
              0.7,
              260_000.0 / options,
              put ? -1 : 1));
    }
    return new ProtocolExposure(
        "synthetic",
        list,
        corr,
        List.of(),
        loans,
        opts,
        new Controls(null, null, 150_000_000, 40_000_000, false));
  }
}
