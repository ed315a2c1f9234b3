package io.backstop.service.app;

/**
 * A failure the application reports to its caller in domain terms; each transport (gRPC, the
 * command line) maps the subtypes to its own codes. Anything else escaping the application is a
 * bug.
 */
public abstract sealed class BackstopException extends RuntimeException
    permits BackstopException.InvalidRequest,
        BackstopException.NotImplemented,
        BackstopException.Cancelled,
        BackstopException.DeadlineExceeded,
        BackstopException.AtCapacity,
        BackstopException.ShuttingDown {

  BackstopException(String message) {
    super(message, null, false, false);
  }

  /** The request breaks the contract: every bad field is listed. */
  public static final class InvalidRequest extends BackstopException {
    private final java.util.List<FieldViolation> violations;

    public InvalidRequest(java.util.List<FieldViolation> violations) {
      super(summary(violations));
      this.violations = java.util.List.copyOf(violations);
    }

    public java.util.List<FieldViolation> violations() {
      return violations;
    }

    private static String summary(java.util.List<FieldViolation> violations) {
      if (violations.size() == 1) {
        FieldViolation v = violations.get(0);
        return "invalid request: " + v.field() + ": " + v.description();
      }
      return "invalid request: "
          + violations.size()
          + " bad fields, first "
          + violations.get(0).field()
          + ": "
          + violations.get(0).description();
    }
  }

  /** The server does not offer this call (a server older than the client's stubs). */
  public static final class NotImplemented extends BackstopException {
    public NotImplemented(String message) {
      super(message);
    }
  }

  /** The caller cancelled the call. */
  public static final class Cancelled extends BackstopException {
    public Cancelled(String message) {
      super(message);
    }
  }

  /** The caller's deadline passed before the result was ready. */
  public static final class DeadlineExceeded extends BackstopException {
    public DeadlineExceeded(String message) {
      super(message);
    }
  }

  /** The server is at capacity; the caller should retry after the given delay. */
  public static final class AtCapacity extends BackstopException {
    private final java.time.Duration retryAfter;

    public AtCapacity(String message, java.time.Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }

    public java.time.Duration retryAfter() {
      return retryAfter;
    }
  }

  /** The server is shutting down and will not finish the call; retry it on another replica. */
  public static final class ShuttingDown extends BackstopException {
    public ShuttingDown(String message) {
      super(message);
    }
  }
}
