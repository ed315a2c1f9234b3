package io.backstop.core.sim;

import java.util.concurrent.Executor;

/**
 * Where the Monte Carlo runs: {@code workers} tasks submitted to the caller's bounded {@code
 * executor} (each task pulls scenario blocks until none is left), or the calling thread alone. The
 * result does not depend on the choice, to the bit.
 *
 * @param executor the pool to run on; null only when workers is 1
 * @param workers number of tasks to submit, >= 1 (at most the pool's threads, or tasks queue)
 */
public record Parallelism(Executor executor, int workers) {
  /** Checks the arguments. */
  public Parallelism {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + workers);
    }
    if (executor == null && workers > 1) {
      throw new IllegalArgumentException("an executor is required for " + workers + " workers");
    }
  }

  /** Runs everything on the calling thread. */
  public static Parallelism sequential() {
    return new Parallelism(null, 1);
  }
}
