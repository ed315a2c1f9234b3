package io.backstop.service.ops;

/**
 * Tells a pricing call that its HTTP/2 stream closed before its response ended: the client went
 * away without cancelling (its process died, its connection dropped). The gRPC bridge on the shared
 * port reports only a stream reset as a cancellation, so without this a call whose client vanished
 * ran to its end. {@link InboundGate} opens a watch for every gated call and makes it current while
 * the gRPC server starts the call on the same thread; the call's interceptor takes it ({@link
 * #opening()}) and asks to be told ({@link #whenGone(Runnable)}).
 */
public final class StreamWatch {
  private static final ThreadLocal<StreamWatch> OPENING = new ThreadLocal<>();

  private Runnable onGone;
  private boolean gone;

  /** The watch of the stream whose call is being started on this thread, or null. */
  public static StreamWatch opening() {
    return OPENING.get();
  }

  /** Runs {@code next} (the routes that start the call) with this watch current. */
  void open(Runnable next) {
    OPENING.set(this);
    try {
      next.run();
    } finally {
      OPENING.remove();
    }
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

  /** The stream closed before the response ended. */
  void gone() {
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
