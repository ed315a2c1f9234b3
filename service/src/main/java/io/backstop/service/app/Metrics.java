package io.backstop.service.app;

/**
 * Where the application reports work done, for the service's metrics. Plain Java so that the
 * command line (no container) runs the same code with {@link #NOOP}.
 */
public interface Metrics {

  /** Counts {@code count} more simulated scenarios (call once per finished block of scenarios). */
  void scenariosSimulated(long count);

  /** Discards everything: the command line and tests. */
  Metrics NOOP = count -> {};
}
