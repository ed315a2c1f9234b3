package io.backstop.service.ops;

import io.grpc.Metadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells a pricing call that its HTTP/2 stream closed before its response ended: the client went
 * away without cancelling (its process died, its connection dropped). The gRPC bridge on the shared
 * port reports only a stream reset as a cancellation, so without this a call whose client vanished
 * ran to its end.
 *
 * <p>{@link InboundGate} opens a watch for every gated call, registers it under a fresh id and
 * writes the id into the request's {@value #HEADER} header (replacing any value a client sent; the
 * gate removes the header from every other request); the call's interceptor finds the watch by that
 * header ({@link #of(Metadata)}), whenever the gRPC server starts the call, and asks to be told
 * ({@link #whenGone(Runnable)}). The gate closes the watch when the stream ends, either way.
 */
public final class StreamWatch {
  /** The request header that carries a gated call's watch id from the gate to the interceptor. */
  public static final String HEADER = "backstop-stream-watch";

  private static final Metadata.Key<String> KEY =
      Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);
  private static final Map<String, StreamWatch> OPEN = new ConcurrentHashMap<>();
  private static final AtomicLong IDS = new AtomicLong();

  final String id = Long.toString(IDS.incrementAndGet());
  private Runnable onGone;
  private boolean gone;

  /** A watch registered under its id until {@link #close(boolean)}. */
  static StreamWatch open() {
    StreamWatch w = new StreamWatch();
    OPEN.put(w.id, w);
    return w;
  }

  /**
   * The watch of the call whose request headers are {@code headers}; null for a call the gate does
   * not watch. A watch id the gate wrote but no longer holds means the stream has already ended
   * before the call started: the client is gone.
   */
  public static StreamWatch of(Metadata headers) {
    String id = headers.get(KEY);
    if (id == null) {
      return null;
    }
    StreamWatch w = OPEN.get(id);
    return w != null ? w : ENDED;
  }

  private static final StreamWatch ENDED = ended();

  private static StreamWatch ended() {
    StreamWatch w = new StreamWatch();
    w.gone = true;
    return w;
  }

  /** Watches open now (tests: every one is closed when its stream ends). */
  static int openCount() {
    return OPEN.size();
  }

  /** Runs {@code action} once the client is gone (at once if it already is). */
  public void whenGone(Runnable action) {
    synchronized (this) {
      if (!gone) {
        onGone = action;
        return;
      }
    }
    action.run();
  }

  /**
   * The stream ended: {@code clientGone} when it closed before its response ended. Unregisters the
   * watch either way.
   */
  void close(boolean clientGone) {
    OPEN.remove(id);
    if (!clientGone) {
      return;
    }
    Runnable action;
    synchronized (this) {
      if (gone) {
        return;
      }
      gone = true;
      action = onGone;
      onGone = null;
    }
    if (action != null) {
      action.run();
    }
  }
}
