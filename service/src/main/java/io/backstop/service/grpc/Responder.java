package io.backstop.service.grpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * Serializes what one call sends: a {@link StreamObserver} is not thread-safe, and progress comes
 * from worker threads while the result or a failure may come from another. Intermediate messages
 * are dropped when the transport is not ready (flow control) or the call is over; the last message
 * and the status are never dropped while the client listens.
 */
public final class Responder<R> {
  private final StreamObserver<R> out;
  private final ServerCallStreamObserver<R> flow;
  private boolean closed;

  Responder(StreamObserver<R> out) {
    this.out = out;
    this.flow = out instanceof ServerCallStreamObserver<R> s ? s : null;
  }

  /** Sends an intermediate message if the transport can take it now; false if dropped. */
  synchronized boolean offer(R message) {
    if (closed || (flow != null && (flow.isCancelled() || !flow.isReady()))) {
      return false;
    }
    return send(message);
  }

  /** Sends a message that must not be dropped (a final progress event). */
  synchronized boolean push(R message) {
    return !closed && send(message);
  }

  /** Sends the last message and completes the call. */
  synchronized boolean complete(R last) {
    if (closed || !send(last)) {
      return false;
    }
    closed = true;
    try {
      out.onCompleted();
      return true;
    } catch (RuntimeException e) {
      return false; // the client went away meanwhile
    }
  }

  /** Ends the call with {@code status}. */
  synchronized boolean fail(StatusRuntimeException status) {
    if (closed) {
      return false;
    }
    closed = true;
    try {
      out.onError(status);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The client is gone: send nothing more. */
  synchronized void abandon() {
    closed = true;
  }

  private boolean send(R message) {
    try {
      out.onNext(message);
      return true;
    } catch (RuntimeException e) {
      closed = true; // cancelled under us: grpc-java refuses further messages
      return false;
    }
  }
}
