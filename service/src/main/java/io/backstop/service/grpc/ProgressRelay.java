package io.backstop.service.grpc;

import io.backstop.proto.v1.QuoteProgress;
import io.backstop.proto.v1.StreamQuoteCoverResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns the application's progress callbacks into StreamQuoteCover messages at a bounded rate: the
 * first event at once, then at most one per {@code interval} (events in between are skipped, not
 * queued), and a final event (fraction 1) just before the result. The engine may call from several
 * worker threads; events are dropped rather than buffered when the transport is not ready.
 */
final class ProgressRelay implements Consumer<QuoteProgress> {
  static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Responder<StreamQuoteCoverResponse> responder;
  private final long intervalNanos;
  private final LongSupplier clock;
  private boolean sentAny;
  private long lastSentNanos;
  private QuoteProgress last = QuoteProgress.getDefaultInstance();

  ProgressRelay(
      Responder<StreamQuoteCoverResponse> responder, long intervalNanos, LongSupplier clock) {
    this.responder = responder;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
  }

  /** The first event, sent when the work starts: the caller sees it was admitted. */
  synchronized void started(String stage) {
    accept(QuoteProgress.newBuilder().setStage(stage).build());
  }

  @Override
  public synchronized void accept(QuoteProgress progress) {
    last = progress;
    long now = clock.getAsLong();
    if (sentAny && now - lastSentNanos < intervalNanos) {
      return;
    }
    boolean sent = sentAny ? responder.offer(wrap(progress)) : responder.push(wrap(progress));
    if (sent || !sentAny) {
      sentAny = true;
      lastSentNanos = now;
    }
  }

  /** The final event: everything done. Not dropped for flow control. */
  synchronized void finished() {
    QuoteProgress done =
        last.toBuilder()
            .setFractionDone(1.0)
            .setScenariosDone(last.getScenariosTotal())
            .setEstimatedSecondsLeft(0)
            .setStage("done")
            .build();
    responder.push(wrap(done));
  }

  private static StreamQuoteCoverResponse wrap(QuoteProgress progress) {
    return StreamQuoteCoverResponse.newBuilder().setProgress(progress).build();
  }
}
