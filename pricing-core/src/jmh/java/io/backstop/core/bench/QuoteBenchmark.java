package io.backstop.core.bench;

import io.backstop.core.pricing.CoverPricer;
import io.backstop.core.pricing.PremiumQuote;
import io.backstop.core.sim.Parallelism;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole QuoteCover of {@code examples/crypto-lending.json} in-process, warm, on 2 worker threads:
 * simulate, tail statistics, premium, collateral assessment and cascade report ({@link Quote#run});
 * and the premium alone on the example's 10,000 net losses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
public class QuoteBenchmark {
  private final ExampleBooks.Example book = ExampleBooks.cryptoLending();
  private ExecutorService pool;
  private Parallelism parallelism;
  private double[] grossLosses;

  /** The pool, and one simulation for the premium-only benchmark. */
  @Setup(Level.Trial)
  public void setUp() {
    pool = Executors.newFixedThreadPool(2);
    parallelism = new Parallelism(pool, 2);
    grossLosses = Quote.run(book, parallelism).sim().grossLossUsd();
  }

  /** Stops the pool. */
  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
  }

  /** The full quote on 2 threads. */
  @Benchmark
  public Quote.Result quoteCryptoLending() {
    return Quote.run(book, parallelism);
  }

  /** The premium (term resampling, 20,000 paths) on the example's losses, one thread. */
  @Benchmark
  public PremiumQuote premiumOnly() {
    return CoverPricer.DEFAULT.price(
        grossLosses,
        book.exposure().controls().insuranceFundUsd(),
        book.cover(),
        book.settings().horizonHours(),
        book.settings().seed());
  }
}
