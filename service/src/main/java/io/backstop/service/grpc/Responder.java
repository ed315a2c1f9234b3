package io.backstop.service.grpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.jboss.logging.Logger;

/**
 * Serializes what one call sends: a {@link StreamObserver} is not thread-safe, and progress comes
 * from worker threads while the result or a failure may come from another. Intermediate messages
 * are dropped when the transport is not ready (flow control) or the call is over; the last message
 * and the status are never dropped while the client listens. A send the transport refuses means the
 * call is over on its side (the client went away); it is logged at DEBUG, not as an error.
 */
public final class Responder<R> {
  private static final Logger LOG = Logger.getLogger(Responder.class);
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
    return !closed && !clientGone() && send(message);
  }

  /** Sends the last message and completes the call. */
  synchronized boolean complete(R last) {
    if (closed || clientGone() || !send(last)) {
      return false;
    }
    closed = true;
    try {
      out.onCompleted();
      return true;
    } catch (RuntimeException e) {
      return refused("the completion", e);
    }
  }

  /** Ends the call with {@code status}. */
  synchronized boolean fail(StatusRuntimeException status) {
    if (closed || clientGone()) {
      return false;
    }
    closed = true;
    try {
      out.onError(status);
      return true;
    } catch (RuntimeException e) {
      return refused("the status " + status.getStatus().getCode(), e);
    }
  }

  /** The client is gone: send nothing more. */
  synchronized void abandon() {
    closed = true;
  }

  /**
   * True once the client reset the stream (cancelled, or its deadline passed on its side). Nothing
   * may be written after that: a frame on a stream the peer reset can make the HTTP/2 layer close
   * the whole connection, failing the client's other calls on it.
   */
  private boolean clientGone() {
    if (flow != null && flow.isCancelled()) {
      closed = true;
      return true;
    }
    return false;
  }

  private boolean send(R message) {
    try {
      out.onNext(message);
      return true;
    } catch (RuntimeException e) {
      closed = true; // cancelled under us: grpc-java refuses further messages
      return refused("a message", e);
    }
  }

  private static boolean refused(String what, RuntimeException e) {
    LOG.debugf("the transport refused %s (the call is over on its side): %s", what, e);
    return false;
  }
}
