package io.backstop.core.bench;

import io.backstop.core.CascadeEngine;
import io.backstop.core.model.RunSettings;
import io.backstop.core.risk.CascadeAnalysis;
import io.backstop.core.risk.CascadeIndex;
import io.backstop.core.risk.CascadeJacobian;
import io.backstop.core.risk.CascadeReport;
import io.backstop.core.sim.CompiledExposure;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * MODEL.md section 4 on the crypto-lending example: the Jacobian and cascade index at current
 * prices, the index at shocked prices, and the whole cascade report (index, fragility curve, GEX
 * and liquidation profiles) as a quote returns it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CascadeIndexBenchmark {
  private final ExampleBooks.Example example = ExampleBooks.cryptoLending();
  private CompiledExposure book;

  /** Compiles the book. */
  @Setup
  public void setUp() {
    book = new CompiledExposure(example.exposure(), 1, RunSettings.DEFAULT_STEP_MINUTES);
  }

  /** Jacobian J at current prices and cascade index rho(J) with amplification (I - J)^-1. */
  @Benchmark
  public CascadeIndex jacobianAndIndex() {
    DMatrixRMaj j = CascadeJacobian.at(book, book.initialPrice);
    return CascadeIndex.of(j);
  }

  /** The whole cascade report of the example, as a quote returns it. */
  @Benchmark
  public CascadeReport cascadeReport() {
    return CascadeEngine.DEFAULT.cascade(example.exposure());
  }

  /** Index at the -20% shocked prices, as StressTest computes it. */
  @Benchmark
  public CascadeIndex indexAtShock() {
    double[] p = book.initialPrice.clone();
    for (int k = 0; k < p.length; k++) {
      p[k] *= 0.8;
    }
    return CascadeAnalysis.indexAt(book, p);
  }
}
