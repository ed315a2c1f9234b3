package io.backstop.service.ops;

import io.backstop.service.app.Metrics;
import io.grpc.Status;

/** Where the gRPC layer reports each finished call: metrics and the one log line per call. */
public interface CallRecorder {

  /**
   * A call ended with {@code code} after {@code nanos}; {@code requestSha256} is null for a call
   * that ended before it ran (its request was never hashed).
   */
  void finished(String rpc, String requestSha256, Status.Code code, long nanos);

  /** A call was refused before it ran ({@code reason}: queue_full, queue_timeout, ...). */
  void rejected(String reason);

  /** Sink for the scenario counter. */
  Metrics metrics();

  /** Records nothing: tests of the plumbing. */
  CallRecorder NOOP =
      new CallRecorder() {
        @Override
        public void finished(String rpc, String requestSha256, Status.Code code, long nanos) {}

        @Override
        public void rejected(String reason) {}

        @Override
        public Metrics metrics() {
          return Metrics.NOOP;
        }
      };
}
