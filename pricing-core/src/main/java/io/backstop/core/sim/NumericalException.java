package io.backstop.core.sim;

/**
 * A numerical routine failed on valid input (an EJML decomposition returned {@code false}). One
 * named domain error, so the service can map it to INTERNAL with a clear message.
 */
public final class NumericalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the failed routine. */
  public NumericalException(String message) {
    super(message);
  }
}
