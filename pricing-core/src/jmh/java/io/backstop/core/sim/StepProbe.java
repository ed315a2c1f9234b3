package io.backstop.core.sim;

import io.backstop.core.bench.ExampleBooks;
import io.backstop.core.model.RunSettings;

/**
 * Where a Monte Carlo step's time goes, on one thread: the mean time of the cascade of steps whose
 * first round took {@link ScenarioWorker#quietRound} and of the others, what the others add per
 * step on average, and how many rounds the others ran (the last bucket is the round cap, 20). The
 * times include a clock read per step (about 30 ns here); repeat runs to see the machine's noise.
 * Then, from one more pass that is not timed, the others' most common sequences of rounds (L: a
 * round that liquidated, p: one that did not), which tell a cascade's liquidations from a hedge
 * that converges in plain rounds. Arguments: example (default crypto-lending), scenarios (default
 * 5000), repeats (default 3).
 */
public final class StepProbe {
  private static final int MAX_ROUNDS = 20;

  private StepProbe() {}

  /** Entry point. */
  public static void main(String[] args) {
    ExampleBooks.Example e = ExampleBooks.byName(args.length > 0 ? args[0] : "crypto-lending");
    int scenarios = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    RunSettings s = e.settings().withDefaults();
    CompiledExposure book = CompiledExposure.of(e.exposure(), s);
    ScenarioWorker w = new ScenarioWorker(book, BookDeltaTable.of(book), true);
    double sink = 0;
    for (int repeat = 0; repeat < repeats; repeat++) {
      long[] nanos = new long[2];
      long[] count = new long[2];
      long[] rounds = new long[MAX_ROUNDS + 1];
      for (int i = 0; i < scenarios; i++) {
        w.reset();
        w.random.reset(s.seed(), i);
        for (int step = 0; step < book.steps; step++) {
          w.beforeCascade(step);
          long quiet = w.quietRounds;
          long t0 = System.nanoTime();
          int r = w.cascade(step, book.hedgeYears(step), MAX_ROUNDS, null);
          long t1 = System.nanoTime();
          int kind = w.quietRounds > quiet ? 0 : 1;
          nanos[kind] += t1 - t0;
          count[kind]++;
          if (kind == 1) {
            rounds[r]++;
          }
          w.endStep();
        }
        sink += w.badDebtUsd + w.shortfall();
      }
      System.out.printf(
          "%s: quiet steps %d, %.1f ns each; other steps %d, %.1f ns each (%.1f ns per step of"
              + " the run)%n",
          e.name(),
          count[0],
          (double) nanos[0] / count[0],
          count[1],
          (double) nanos[1] / Math.max(1, count[1]),
          (double) nanos[1] / (count[0] + count[1]));
      StringBuilder histogram = new StringBuilder("  other steps by rounds:");
      for (int r = 1; r <= MAX_ROUNDS; r++) {
        if (rounds[r] > 0) {
          histogram.append(' ').append(r).append(':').append(rounds[r]);
        }
      }
      System.out.println(histogram);
    }
    System.out.println("(checksum " + sink + ")");
    printSequences(book, w, s, scenarios);
  }

  /** The 12 most common round sequences of the steps the quiet round does not end. */
  private static void printSequences(
      CompiledExposure book, ScenarioWorker w, RunSettings s, int scenarios) {
    java.util.Map<String, Integer> count = new java.util.HashMap<>();
    StringBuilder rounds = new StringBuilder();
    int[] liquidatingBefore = new int[1];
    // An observer makes every step take the general round, which leaves the same state as the
    // quiet one (QuietRoundTest): a step of one round is one the quiet round would have ended.
    RoundObserver observer =
        (round, worker) -> {
          rounds.append(worker.cascadeRounds > liquidatingBefore[0] ? 'L' : 'p');
          liquidatingBefore[0] = worker.cascadeRounds;
        };
    long others = 0;
    for (int i = 0; i < scenarios; i++) {
      w.reset();
      w.random.reset(s.seed(), i);
      for (int step = 0; step < book.steps; step++) {
        w.beforeCascade(step);
        rounds.setLength(0);
        liquidatingBefore[0] = w.cascadeRounds;
        if (w.cascade(step, book.hedgeYears(step), MAX_ROUNDS, observer) > 1) {
          count.merge(rounds.toString(), 1, Integer::sum);
          others++;
        }
        w.endStep();
      }
    }
    System.out.printf(
        "  other steps by sequence of rounds (%d steps; L liquidated, p not):%n", others);
    count.entrySet().stream()
        .sorted(
            java.util.Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(java.util.Map.Entry.comparingByKey()))
        .limit(12)
        .forEach(e -> System.out.printf("    %6d %s%n", e.getValue(), e.getKey()));
  }
}
