package io.backstop.service.grpc;

import com.google.protobuf.Message;
import io.backstop.proto.v1.QuoteProgress;
import io.backstop.service.app.BackstopException;
import io.backstop.service.app.CallContext;
import io.backstop.service.app.Metrics;
import io.backstop.service.app.RequestDigest;
import io.grpc.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link CallContext} of one gRPC call: its deadline (from the client's {@code grpc-timeout})
 * and whether the client cancelled. {@link CallContextInterceptor} creates it and makes it current
 * while the service method runs; the work itself runs later on a worker thread and polls {@link
 * #checkAlive()}, which reads a volatile flag and the clock: cheap enough to call every few ms.
 */
public final class GrpcCallContext implements CallContext {

  /** The context of the call being served, while the service method runs. */
  static final Context.Key<GrpcCallContext> KEY = Context.key("backstop-call-context");

  /** What a client is told of a call the server will not finish because it is shutting down. */
  static final String SHUTTING_DOWN = "the server is shutting down; retry on another replica";

  private final long deadlineNanos; // System.nanoTime() at the deadline; valid if hasDeadline
  private final boolean hasDeadline;
  private final long timeoutNanos;
  private volatile boolean clientCancelled;
  private volatile boolean serverStopping;
  private volatile Consumer<QuoteProgress> progress = p -> {};
  private volatile Metrics metrics = Metrics.NOOP;
  private volatile String requestSha256; // null until the call's worker computes it
  private final List<Runnable> onCancel = new ArrayList<>(2);

  private GrpcCallContext(long timeoutNanos) {
    this.hasDeadline = timeoutNanos != Long.MAX_VALUE;
    this.timeoutNanos = timeoutNanos;
    this.deadlineNanos = hasDeadline ? System.nanoTime() + timeoutNanos : 0;
  }

  /**
   * A call that must finish within {@code timeoutNanos} from now ({@link Long#MAX_VALUE}: none).
   */
  public static GrpcCallContext withTimeout(long timeoutNanos) {
    return new GrpcCallContext(Math.max(0, timeoutNanos));
  }

  /** The current call's context, or a context without deadline when none was set up. */
  static GrpcCallContext currentOrNew() {
    GrpcCallContext c = KEY.get();
    return c != null ? c : withTimeout(Long.MAX_VALUE);
  }

  @Override
  public Consumer<QuoteProgress> progress() {
    return progress;
  }

  void progressTo(Consumer<QuoteProgress> sink) {
    this.progress = sink;
  }

  @Override
  public Metrics metrics() {
    return metrics;
  }

  void metricsTo(Metrics sink) {
    this.metrics = sink;
  }

  @Override
  public String requestSha256(Message request) {
    String sha = requestSha256;
    if (sha == null) {
      sha = RequestDigest.sha256Hex(request);
      requestSha256 = sha;
    }
    return sha;
  }

  /** The request's digest if the call computed it, else null (a call that ended before it ran). */
  String requestSha256IfComputed() {
    return requestSha256;
  }

  @Override
  public boolean isCancelled() {
    return clientCancelled || serverStopping || deadlinePassed();
  }

  @Override
  public void checkAlive() {
    if (deadlinePassed()) {
      throw new BackstopException.DeadlineExceeded(
          "the client's deadline of "
              + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
              + " ms passed before the result was ready; the simulation was stopped. Use fewer"
              + " scenarios or a longer deadline.");
    }
    if (clientCancelled) {
      throw new BackstopException.Cancelled("the client cancelled the call");
    }
    if (serverStopping) {
      throw new BackstopException.ShuttingDown(SHUTTING_DOWN);
    }
  }

  /** True once the client went away: nothing more can be sent. */
  public boolean clientCancelled() {
    return clientCancelled;
  }

  public boolean deadlinePassed() {
    return hasDeadline && System.nanoTime() - deadlineNanos >= 0;
  }

  /** Time left before the deadline, {@link Long#MAX_VALUE} without one, never negative. */
  public long timeLeftNanos() {
    if (!hasDeadline) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, deadlineNanos - System.nanoTime());
  }

  /** Runs {@code action} when the client cancels or the server stops the call (at once if so). */
  void onCancel(Runnable action) {
    synchronized (onCancel) {
      if (!clientCancelled && !serverStopping) {
        onCancel.add(action);
        return;
      }
    }
    action.run();
  }

  /** The client cancelled the call or reset the stream (a client-side deadline ends this way). */
  void cancel() {
    stopWork(true);
  }

  /**
   * The server is shutting down and will not finish the call: the work stops at its next poll and a
   * queued call leaves the queue, as on a cancel, but the client is still there to be told.
   */
  void stopForShutdown() {
    stopWork(false);
  }

  private void stopWork(boolean byClient) {
    List<Runnable> actions;
    synchronized (onCancel) {
      if (clientCancelled || serverStopping) {
        return;
      }
      if (byClient) {
        clientCancelled = true;
      } else {
        serverStopping = true;
      }
      actions = List.copyOf(onCancel);
      onCancel.clear();
    }
    for (Runnable r : actions) {
      r.run();
    }
  }
}
