package io.backstop.core.bench;

import io.backstop.core.CascadeEngine;
import io.backstop.core.Fixtures;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.sim.CancellationToken;
import io.backstop.core.sim.Parallelism;
import io.backstop.core.sim.ProgressListener;
import io.backstop.core.sim.SimulationResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One {@code simulate} of a crypto-lending-like book ({@link Fixtures#lendingBook()}: 3 assets, 8
 * buckets, 3 dealer options) with 10,000 scenarios over 24 h in 15-minute steps (960,000
 * scenario-steps), on the calling thread. Scenario-steps per second = 960,000 / (seconds per op).
 * Run: {@code java -cp <test classpath> io.backstop.core.bench.SimulateBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class SimulateBenchmark {
  /** Scenario-steps per invocation: 10,000 x 96. */
  public static final long SCENARIO_STEPS = 10_000L * 96;

  private final ProtocolExposure book = Fixtures.lendingBook();
  private final RunSettings settings = new RunSettings(10_000, 7, 24, 15, List.of());

  /** The benchmark: one full run, sequential. */
  @Benchmark
  public SimulationResult simulateLendingBook() {
    return CascadeEngine.DEFAULT.simulate(
        book, settings, Parallelism.sequential(), ProgressListener.NONE, CancellationToken.NONE);
  }

  /** Runs the benchmark with the annotations' settings. */
  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(SimulateBenchmark.class.getSimpleName()).build()).run();
  }
}
