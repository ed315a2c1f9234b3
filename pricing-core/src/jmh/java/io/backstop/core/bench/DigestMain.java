package io.backstop.core.bench;

import io.backstop.core.sim.Parallelism;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Prints the bit digest ({@link Quote#digest}) of each example's simulation at its own settings,
 * sequential and on all cores, and the quote's premium: run before and after an engine change to
 * see whether any result bit moved.
 */
public final class DigestMain {
  private DigestMain() {}

  /** Entry point; arguments: example names (default: all three). */
  public static void main(String[] args) {
    String[] names =
        args.length > 0 ? args : new String[] {"crypto-lending", "nft-lending", "rwa-vault"};
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (String name : names) {
        ExampleBooks.Example e = ExampleBooks.byName(name);
        long t0 = System.nanoTime();
        Quote.Result seq = Quote.run(e, Parallelism.sequential());
        long t1 = System.nanoTime();
        Quote.Result par = Quote.run(e, new Parallelism(pool, threads));
        long t2 = System.nanoTime();
        System.out.printf(
            "%-15s seq %s par %s premium %s el %s  (%.0f ms seq, %.0f ms par)%n",
            name,
            Quote.digest(seq.sim()),
            Quote.digest(par.sim()),
            seq.premium().premiumUsd(),
            seq.tail().expectedLossUsd(),
            (t1 - t0) / 1e6,
            (t2 - t1) / 1e6);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
