package io.backstop.core.sim;

/**
 * Thrown when a {@link CancellationToken} asked the simulation to stop; by then every worker has
 * returned, so the caller's threads are free.
 */
public final class CancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A cancellation after {@code done} of {@code total} scenarios. */
  public CancelledException(long done, long total) {
    super("simulation cancelled after " + done + " of " + total + " scenarios");
  }

  /** A cancellation described by {@code message} (work that is not counted in scenarios). */
  public CancelledException(String message) {
    super(message);
  }
}
