package io.backstop.core.sim;

/**
 * Cooperative cancellation: the simulation polls {@link #isCancellationRequested()} before each
 * block of scenarios and, inside a scenario, every few steps (a block of a long horizon on a large
 * book runs for seconds), and stops with {@link CancelledException}. The service adapts a gRPC
 * deadline or cancelled call to this interface.
 */
@FunctionalInterface
public interface CancellationToken {
  /** A token that is never cancelled. */
  CancellationToken NONE = () -> false;

  /** True once the caller no longer wants the result; must be cheap and thread-safe. */
  boolean isCancellationRequested();
}
