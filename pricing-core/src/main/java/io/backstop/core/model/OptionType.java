package io.backstop.core.model;

/** Put or call (proto {@code OptionType}; {@code UNSPECIFIED} maps to null). */
public enum OptionType {
  /** A put: pays max(K - S, 0) at expiry. */
  PUT,
  /** A call: pays max(S - K, 0) at expiry. */
  CALL
}
