package io.backstop.core.sim;

import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Monte Carlo of MODEL.md section 3 over N scenarios, in blocks of {@value #BLOCK_SIZE}
 * scenarios pulled by workers. Reproducible to the bit whatever the parallelism: scenario i draws
 * from its own stream seeded by (seed, i), writes its outcomes at index i, and the summary is
 * reduced in index order after all blocks finish. Cancellation is polled before each block and
 * every few steps inside a scenario ({@link ScenarioWorker#CANCEL_POLL_STEPS}), progress reported
 * after each block.
 */
public final class MonteCarloSimulator {
  /** Scenarios per block: the unit of work, cancellation and progress. */
  public static final int BLOCK_SIZE = 32;

  private MonteCarloSimulator() {}

  /**
   * Runs the simulation.
   *
   * @param exposure the request's exposure (validated by the caller)
   * @param settings run settings; defaults are applied here
   * @param maxRoundsPerStep cap on cascade rounds per step, >= 1
   * @throws CancelledException when the token asked to stop (all workers have returned)
   * @throws InvalidExposureException when a cross-field rule is broken
   */
  public static SimulationResult run(
      ProtocolExposure exposure,
      RunSettings settings,
      int maxRoundsPerStep,
      Parallelism parallelism,
      ProgressListener progress,
      CancellationToken cancel) {
    if (maxRoundsPerStep < 1) {
      throw new IllegalArgumentException("maxRoundsPerStep must be >= 1, was " + maxRoundsPerStep);
    }
    RunSettings s = settings.withDefaults();
    int steps = s.steps();
    CompiledExposure book = CompiledExposure.of(exposure, s);
    int total = s.scenarios();
    Outcomes out = new Outcomes(total, book.assets);
    BookDeltaTable deltaTable = BookDeltaTable.of(book);
    int blocks = (total + BLOCK_SIZE - 1) / BLOCK_SIZE;
    AtomicInteger nextBlock = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable work =
        () -> {
          try {
            ScenarioWorker worker = new ScenarioWorker(book, deltaTable, true);
            worker.stopWhen(cancel);
            int block;
            while (failure.get() == null
                && !cancel.isCancellationRequested()
                && (block = nextBlock.getAndIncrement()) < blocks) {
              int from = block * BLOCK_SIZE;
              int to = Math.min(total, from + BLOCK_SIZE);
              for (int i = from; i < to; i++) {
                out.record(i, worker, worker.runScenario(s.seed(), i, maxRoundsPerStep));
              }
              progress.onProgress(done.addAndGet(to - from), total);
            }
          } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
          }
        };
    if (parallelism.workers() == 1) {
      work.run();
    } else {
      CountDownLatch finished = new CountDownLatch(parallelism.workers());
      for (int w = 0; w < parallelism.workers(); w++) {
        parallelism
            .executor()
            .execute(
                () -> {
                  try {
                    work.run();
                  } finally {
                    finished.countDown();
                  }
                });
      }
      awaitAll(finished, failure);
    }
    Throwable error = failure.get();
    if (error instanceof CancelledException) {
      throw new CancelledException(done.get(), total);
    } else if (error instanceof RuntimeException e) {
      throw e;
    } else if (error instanceof Error e) {
      throw e;
    }
    if (done.get() < total) {
      throw new CancelledException(done.get(), total);
    }
    return out.result(book, s, steps);
  }

  private static void awaitAll(CountDownLatch finished, AtomicReference<Throwable> failure) {
    boolean interrupted = false;
    while (true) {
      try {
        finished.await();
        break;
      } catch (InterruptedException e) {
        // Stop the workers through the shared failure flag, then still wait for them to return.
        interrupted = true;
        failure.compareAndSet(null, new CancelledException(0, 0));
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Per-scenario arrays, written at the scenario's index by any worker. */
  private static final class Outcomes {
    final double[] gross;
    final double[] net;
    final double[] liquidated;
    final int[] rounds;
    final double[][] minPrice;
    final double[][] terminalPrice;
    final boolean[] tripped;

    Outcomes(int total, int assets) {
      gross = new double[total];
      net = new double[total];
      liquidated = new double[total];
      rounds = new int[total];
      minPrice = new double[assets][total];
      terminalPrice = new double[assets][total];
      tripped = new boolean[total];
    }

    void record(int i, ScenarioWorker w, double grossLoss) {
      gross[i] = grossLoss;
      net[i] = Math.max(0, grossLoss - w.book.insuranceFundUsd);
      liquidated[i] = w.liquidatedUsd;
      rounds[i] = w.cascadeRounds;
      tripped[i] = w.breakerTripped;
      for (int k = 0; k < minPrice.length; k++) {
        minPrice[k][i] = w.minPrice[k];
        terminalPrice[k][i] = w.price[k];
      }
    }

    SimulationResult result(CompiledExposure book, RunSettings settings, int steps) {
      double rounds = 0;
      double liquidatedSum = 0;
      int trips = 0;
      int total = gross.length;
      for (int i = 0; i < total; i++) {
        rounds += this.rounds[i];
        liquidatedSum += liquidated[i];
        trips += tripped[i] ? 1 : 0;
      }
      CascadeSummary summary =
          new CascadeSummary(rounds / total, liquidatedSum / total, (double) trips / total);
      return new SimulationResult(
          book.assetIds,
          settings,
          steps,
          gross,
          net,
          liquidated,
          this.rounds,
          minPrice,
          terminalPrice,
          tripped,
          summary);
    }
  }
}
