package io.backstop.core.sim;

/**
 * Cooperative cancellation: the simulation polls {@link #isCancellationRequested()} between
 * scenario blocks (every few milliseconds) and stops with {@link CancelledException}. The service
 * adapts a gRPC deadline or cancelled call to this interface.
 */
@FunctionalInterface
public interface CancellationToken {
  /** A token that is never cancelled. */
  CancellationToken NONE = () -> false;

  /** True once the caller no longer wants the result; must be cheap and thread-safe. */
  boolean isCancellationRequested();
}
