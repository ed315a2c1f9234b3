package io.backstop.core.bench;

import io.backstop.core.CascadeEngine;
import io.backstop.core.sim.CancellationToken;
import io.backstop.core.sim.Parallelism;
import io.backstop.core.sim.ProgressListener;
import io.backstop.core.sim.SimulationResult;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Monte Carlo engine ({@code CascadeEngine.simulate}) on each example book of {@code examples/}
 * at its own settings (crypto-lending and nft-lending: 10,000 scenarios x 96 steps; rwa-vault:
 * 10,000 x 144), on 1 or 2 worker threads. Scenario-steps per second = {@link
 * ExampleBooks.Example#scenarioSteps()} / (seconds per op); bytes per scenario = gc.alloc.rate.norm
 * / 10,000 (with {@code -prof gc}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
public class EngineBenchmark {
  @Param({"crypto-lending", "nft-lending", "rwa-vault"})
  public String example;

  @Param({"1", "2"})
  public int threads;

  private ExampleBooks.Example book;
  private ExecutorService pool;
  private Parallelism parallelism;

  /** Builds the book and the worker pool once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    book = ExampleBooks.byName(example);
    if (threads == 1) {
      parallelism = Parallelism.sequential();
    } else {
      pool = Executors.newFixedThreadPool(threads);
      parallelism = new Parallelism(pool, threads);
    }
  }

  /** Stops the pool. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** One simulation of the example. */
  @Benchmark
  public SimulationResult simulate() {
    return CascadeEngine.DEFAULT.simulate(
        book.exposure(),
        book.settings(),
        parallelism,
        ProgressListener.NONE,
        CancellationToken.NONE);
  }
}
