package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.CascadeEngine;
import io.backstop.core.Fixtures;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Same request and seed: identical bytes out at 1 and at all threads (MODEL.md section 8). */
class ReproducibilityTest {
  private static final RunSettings SETTINGS = new RunSettings(800, 2026, 24, 15, List.of());

  private static long[] bits(double[] x) {
    long[] out = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Double.doubleToRawLongBits(x[i]);
    }
    return out;
  }

  @Test
  void sameSeedGivesIdenticalBitsAtOneAndAtAllThreads() throws Exception {
    SimulationResult sequential =
        CascadeEngine.DEFAULT.simulate(
            Fixtures.lendingBook(),
            SETTINGS,
            Parallelism.sequential(),
            ProgressListener.NONE,
            CancellationToken.NONE);
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      AtomicLong lastProgress = new AtomicLong();
      SimulationResult parallel =
          CascadeEngine.DEFAULT.simulate(
              Fixtures.lendingBook(),
              SETTINGS,
              new Parallelism(pool, threads + 1),
              (done, total) -> lastProgress.accumulateAndGet(done, Math::max),
              CancellationToken.NONE);
      assertEquals(800, lastProgress.get());
      assertArrayEquals(bits(sequential.grossLossUsd()), bits(parallel.grossLossUsd()));
      assertArrayEquals(bits(sequential.netLossUsd()), bits(parallel.netLossUsd()));
      assertArrayEquals(bits(sequential.liquidatedUsd()), bits(parallel.liquidatedUsd()));
      assertArrayEquals(sequential.cascadeRounds(), parallel.cascadeRounds());
      for (int k = 0; k < 3; k++) {
        assertArrayEquals(bits(sequential.minPriceUsd()[k]), bits(parallel.minPriceUsd()[k]));
      }
      assertEquals(sequential.summary(), parallel.summary());
    } finally {
      pool.shutdownNow();
    }
    // The book is not trivial: something is liquidated, and another seed gives other numbers.
    assertTrue(sequential.summary().liquidatedUsdMean() > 0);
    SimulationResult other =
        CascadeEngine.DEFAULT.simulate(
            Fixtures.lendingBook(),
            new RunSettings(800, 2027, 24, 15, List.of()),
            Parallelism.sequential(),
            ProgressListener.NONE,
            CancellationToken.NONE);
    assertFalse(java.util.Arrays.equals(sequential.liquidatedUsd(), other.liquidatedUsd()));
  }

  @Test
  void theSharedDeltaTableGivesTheSameBitsUnderOversubscribedWorkers() throws Exception {
    // The run's delta table is filled lazily by whichever worker first needs a node: eight workers
    // on two cores race for the same nodes; every run must still be the sequential run's bits.
    io.backstop.core.bench.ExampleBooks.Example e =
        io.backstop.core.bench.ExampleBooks.byName("crypto-lending");
    RunSettings small = new RunSettings(400, e.settings().seed(), 24, 15, List.of());
    String sequential =
        io.backstop.core.bench.Quote.digest(
            CascadeEngine.DEFAULT.simulate(
                e.exposure(),
                small,
                Parallelism.sequential(),
                ProgressListener.NONE,
                CancellationToken.NONE));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int run = 0; run < 3; run++) {
        SimulationResult parallel =
            CascadeEngine.DEFAULT.simulate(
                e.exposure(),
                small,
                new Parallelism(pool, 8),
                ProgressListener.NONE,
                CancellationToken.NONE);
        assertEquals(sequential, io.backstop.core.bench.Quote.digest(parallel), "run " + run);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cancellationStopsBetweenBlocks() {
    AtomicLong seen = new AtomicLong();
    CancelledException e =
        assertThrows(
            CancelledException.class,
            () ->
                CascadeEngine.DEFAULT.simulate(
                    Fixtures.lendingBook(),
                    new RunSettings(100_000, 1, 24, 15, List.of()),
                    Parallelism.sequential(),
                    (done, total) -> seen.set(done),
                    () -> seen.get() >= 64));
    assertEquals(64, seen.get(), e.getMessage());
  }

  /**
   * Inside a scenario too: a long horizon's block runs for seconds on a large book, so the worker
   * polls the token every {@link ScenarioWorker#CANCEL_POLL_STEPS} steps and stops at the first
   * poll that answers true (the contract's stop within 100 ms, whatever the request).
   */
  @Test
  void cancellationStopsWithinAScenario() {
    RunSettings thirtyDays = new RunSettings(1, 1, 720, 15, List.of()); // 2,880 steps
    AtomicLong polls = new AtomicLong();
    CascadeEngine.DEFAULT.simulate(
        Fixtures.lendingBook(),
        thirtyDays,
        Parallelism.sequential(),
        ProgressListener.NONE,
        () -> polls.incrementAndGet() < 0);
    assertTrue(
        polls.get() >= 2_880 / ScenarioWorker.CANCEL_POLL_STEPS,
        "polled " + polls.get() + " times in one scenario of 2,880 steps");

    AtomicLong asked = new AtomicLong();
    CancelledException e =
        assertThrows(
            CancelledException.class,
            () ->
                CascadeEngine.DEFAULT.simulate(
                    Fixtures.lendingBook(),
                    thirtyDays,
                    Parallelism.sequential(),
                    ProgressListener.NONE,
                    () -> asked.incrementAndGet() >= 5));
    assertEquals(5, asked.get(), "polls after the first true one");
    assertEquals("simulation cancelled after 0 of 1 scenarios", e.getMessage());
  }

  /** The stress path asks the token after every round and stops at the first true answer. */
  @Test
  void aStressPathStopsAtTheRoundItsTokenAsks() {
    ProtocolExposure book = Fixtures.lendingBook();
    List<io.backstop.core.model.Shock> fall =
        List.of(new io.backstop.core.model.Shock(book.assets().get(0).id(), -0.4));
    int rounds = StressSimulator.run(book, fall, 100).rounds().size() - 1;
    assertTrue(rounds >= 3, "the fixture's cascade takes rounds: " + rounds);
    AtomicLong asked = new AtomicLong();
    CancelledException e =
        assertThrows(
            CancelledException.class,
            () -> StressSimulator.run(book, fall, 100, () -> asked.incrementAndGet() >= 2));
    assertEquals(2, asked.get(), "asked after rounds 1 and 2, then stopped");
    assertEquals("stress path cancelled after round 2 of at most 100", e.getMessage());
  }
}
