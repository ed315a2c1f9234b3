package io.backstop.core.model;

/**
 * How an oracle follows the market (proto {@code OracleKind}; {@code UNSPECIFIED} maps to null).
 */
public enum OracleKind {
  /** Reads the market price, after the latency. */
  SPOT,
  /** Time-weighted average of the market price over a window, after the latency. */
  TWAP,
  /** Pushes a new price on a deviation or when the heartbeat elapses (Chainlink-style). */
  PUSH
}
