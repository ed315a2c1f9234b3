package io.backstop.service.app;

import com.google.protobuf.Message;
import io.backstop.proto.v1.QuoteProgress;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a transport hands the application for one call: where progress goes and how to tell that the
 * caller has gone away. The application checks {@link #checkAlive()} between units of work.
 */
public interface CallContext {

  /** Receives progress events; called from worker threads, at a bounded rate. */
  Consumer<QuoteProgress> progress();

  /** True once the caller cancelled or its deadline passed. */
  boolean isCancelled();

  /**
   * Throws {@link BackstopException.Cancelled} or {@link BackstopException.DeadlineExceeded} when
   * the call should stop.
   */
  void checkAlive();

  /**
   * The SHA-256 of this call's {@code request} ({@link RequestDigest}). The gRPC server's context
   * computes it once, on the worker that runs the call, and keeps it for the call's log line.
   */
  default String requestSha256(Message request) {
    return RequestDigest.sha256Hex(request);
  }

  /** Where to count the work this call does; the gRPC server counts into its metrics. */
  default Metrics metrics() {
    return Metrics.NOOP;
  }

  /** A context for work nobody can cancel and nobody watches (tests, batch use). */
  static CallContext detached() {
    return detached(p -> {});
  }

  /** A context nobody can cancel, whose progress goes to {@code progress}. */
  static CallContext detached(Consumer<QuoteProgress> progress) {
    return of(progress, () -> false);
  }

  /**
   * A context whose progress goes to {@code progress} and that is cancelled once {@code cancelled}
   * answers true (work the process itself ends, such as the warm-up at shutdown).
   */
  static CallContext of(Consumer<QuoteProgress> progress, BooleanSupplier cancelled) {
    return new CallContext() {
      @Override
      public Consumer<QuoteProgress> progress() {
        return progress;
      }

      @Override
      public boolean isCancelled() {
        return cancelled.getAsBoolean();
      }

      @Override
      public void checkAlive() {
        if (cancelled.getAsBoolean()) {
          throw new BackstopException.Cancelled("the call was cancelled");
        }
      }
    };
  }
}
