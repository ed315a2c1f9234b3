package io.backstop.service.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.QuoteProgress;
import io.backstop.proto.v1.StreamQuoteCoverResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** StreamQuoteCover's progress: a first event, at most one per 100 ms, a final one, the result. */
class ProgressRelayTest {

  static final class Recorder implements StreamObserver<StreamQuoteCoverResponse> {
    final List<StreamQuoteCoverResponse> messages = new ArrayList<>();
    boolean completed;

    @Override
    public void onNext(StreamQuoteCoverResponse value) {
      messages.add(value);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {
      completed = true;
    }
  }

  @Test
  void eventsAreThrottledToTenPerSecondWithAFirstAndAFinalOne() {
    Recorder out = new Recorder();
    Responder<StreamQuoteCoverResponse> responder = new Responder<>(out);
    AtomicLong clock = new AtomicLong();
    ProgressRelay relay =
        new ProgressRelay(responder, ProgressRelay.DEFAULT_INTERVAL_NANOS, clock::get);
    relay.started("validate");
    // The engine reports every millisecond for two seconds: 2,000 callbacks.
    for (int ms = 1; ms <= 2_000; ms++) {
      clock.set(TimeUnit.MILLISECONDS.toNanos(ms));
      relay.accept(
          QuoteProgress.newBuilder()
              .setFractionDone(ms / 2_000.0 * 0.99)
              .setScenariosDone(ms * 5)
              .setScenariosTotal(10_000)
              .setStage("simulate")
              .build());
    }
    relay.finished();
    responder.complete(
        StreamQuoteCoverResponse.newBuilder()
            .setResult(QuoteCoverResponse.getDefaultInstance())
            .build());

    List<StreamQuoteCoverResponse> m = out.messages;
    assertEquals("validate", m.get(0).getProgress().getStage(), "first event at once");
    int progress = m.size() - 1;
    assertTrue(progress <= 2 + 2_000 / 100 + 1, progress + " progress events for 2 s");
    assertTrue(progress >= 2_000 / 100, progress + " progress events for 2 s");
    QuoteProgress last = m.get(m.size() - 2).getProgress();
    assertEquals(1.0, last.getFractionDone());
    assertEquals(10_000, last.getScenariosDone());
    assertEquals("done", last.getStage());
    assertTrue(m.get(m.size() - 1).hasResult(), "the result is the last message");
    assertTrue(out.completed);
  }

  @Test
  void nothingIsSentAfterTheCallEnded() {
    Recorder out = new Recorder();
    Responder<StreamQuoteCoverResponse> responder = new Responder<>(out);
    ProgressRelay relay = new ProgressRelay(responder, 0, System::nanoTime);
    responder.abandon();
    relay.started("validate");
    relay.accept(QuoteProgress.getDefaultInstance());
    relay.finished();
    assertEquals(0, out.messages.size());
  }
}
