package io.backstop.core.bench;

import io.backstop.core.risk.TailLossResult;
import io.backstop.core.risk.TailStatistics;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tail statistics (MODEL.md section 5) of N scenario losses, N = 10,000 and 100,000: 80% zero
 * losses and a lognormal tail, the shape of a lending book's losses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TailStatisticsBenchmark {
  @Param({"10000", "100000"})
  public int losses;

  private static final double[] LEVELS = {0.95, 0.99, 0.995};
  private double[] netLosses;
  private double grossMean;

  /** Draws the losses (fixed seed) and compiles the book. */
  @Setup
  public void setUp() {
    SplittableRandom r = new SplittableRandom(42);
    netLosses = new double[losses];
    for (int i = 0; i < losses; i++) {
      netLosses[i] = r.nextDouble() < 0.8 ? 0 : Math.exp(14 + 2 * r.nextGaussian());
    }
    grossMean = TailStatistics.mean(netLosses);
  }

  /** Tail statistics: EL, SD, VaR/ES at 3 levels, exceedance curve, standard errors. */
  @Benchmark
  public TailLossResult tailStatistics() {
    return TailStatistics.DEFAULT.compute(netLosses, grossMean, LEVELS);
  }
}
