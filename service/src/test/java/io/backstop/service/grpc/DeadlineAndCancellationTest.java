package io.backstop.service.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.service.app.BackstopException;
import io.backstop.service.capacity.AdmissionController;
import io.backstop.service.ops.CallRecorder;
import io.backstop.service.ops.InFlight;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deadlines and cancellation end the work, not just the call: a plain grpc-java server with the
 * production interceptor and {@link CallRunner} around a stand-in for the engine that polls {@code
 * checkAlive()} every millisecond, as the engine does between scenario blocks.
 */
class DeadlineAndCancellationTest {
  /** API.md: the simulation stops within 100 ms and frees its thread. */
  private static final long RELEASE_BOUND_MILLIS = 100;

  /** What the stand-in engine saw: when it stopped, relative to the call's deadline. */
  record Stopped(long atNanos, long nanosAfterDeadline, Throwable why) {}

  private final BlockingQueue<Stopped> stopped = new LinkedBlockingQueue<>();
  private final CountDownLatch started = new CountDownLatch(1);
  private ExecutorService workers;
  private ScheduledExecutorService timer;
  private InFlight inFlight;
  private InProcessService calls;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    workers = Executors.newFixedThreadPool(1, r -> new Thread(r, "test-worker"));
    timer = Executors.newSingleThreadScheduledExecutor();
    inFlight = new InFlight();
    AdmissionController admission =
        new AdmissionController(
            new AdmissionController.Settings(
                1_000, 1, 4, Duration.ofSeconds(5), Duration.ofMillis(250)),
            timer);
    CallRunner runner = new CallRunner(admission, workers, timer, inFlight, CallRecorder.NOOP);
    var service =
        new PricingServiceGrpc.PricingServiceImplBase() {
          @Override
          public void quoteCover(
              QuoteCoverRequest request, StreamObserver<QuoteCoverResponse> out) {
            runner.run(
                "QuoteCover", request, 1_000, out, (context, r) -> spinUntilStopped(context));
          }
        };
    calls = new InProcessService(service);
    channel = calls.channel;
  }

  @AfterEach
  void stop() throws Exception {
    calls.close();
    workers.shutdownNow();
    timer.shutdownNow();
  }

  private QuoteCoverResponse spinUntilStopped(GrpcCallContext context) {
    long deadline = System.nanoTime() + context.timeLeftNanos();
    started.countDown();
    try {
      while (true) {
        context.checkAlive();
        LockSupport.parkNanos(1_000_000);
      }
    } catch (BackstopException e) {
      long now = System.nanoTime();
      stopped.add(new Stopped(now, now - deadline, e));
      throw e;
    }
  }

  @Test
  void aShortDeadlineEndsTheCallAndFreesTheWorkerWithin100Ms() throws Exception {
    var stub =
        PricingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(200, TimeUnit.MILLISECONDS);
    long t0 = System.nanoTime();
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> stub.quoteCover(QuoteCoverRequest.getDefaultInstance()));
    long callMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    assertTrue(callMillis < 200 + RELEASE_BOUND_MILLIS, "call took " + callMillis + " ms");

    Stopped s = stopped.poll(5, TimeUnit.SECONDS);
    long lateMillis = TimeUnit.NANOSECONDS.toMillis(s.nanosAfterDeadline());
    System.out.printf("deadline -> worker released: %d ms (%s)%n", lateMillis, s.why());
    assertTrue(lateMillis < RELEASE_BOUND_MILLIS, "worker stopped " + lateMillis + " ms late");
    assertTrue(s.why() instanceof BackstopException.DeadlineExceeded, s.why().toString());
    awaitIdle();
  }

  @Test
  void cancellingTheCallStopsTheWorkerWithin100Ms() throws Exception {
    Context.CancellableContext cancellable = Context.current().withCancellation();
    var done = new LinkedBlockingQueue<Throwable>();
    cancellable.run(
        () ->
            PricingServiceGrpc.newStub(channel)
                .quoteCover(
                    QuoteCoverRequest.getDefaultInstance(),
                    new StreamObserver<>() {
                      @Override
                      public void onNext(QuoteCoverResponse value) {}

                      @Override
                      public void onError(Throwable t) {
                        done.add(t);
                      }

                      @Override
                      public void onCompleted() {}
                    }));
    assertTrue(started.await(5, TimeUnit.SECONDS));
    long cancelledAt = System.nanoTime();
    cancellable.cancel(null);
    Stopped s = stopped.poll(5, TimeUnit.SECONDS);
    long afterCancelMillis = TimeUnit.NANOSECONDS.toMillis(s.atNanos() - cancelledAt);
    System.out.printf("cancel -> worker released: %d ms (%s)%n", afterCancelMillis, s.why());
    assertTrue(s.why() instanceof BackstopException.Cancelled, s.why().toString());
    assertTrue(afterCancelMillis < RELEASE_BOUND_MILLIS, afterCancelMillis + " ms");
    assertEquals(
        Status.Code.CANCELLED, Status.fromThrowable(done.poll(5, TimeUnit.SECONDS)).getCode());
    awaitIdle();
  }

  @Test
  void aCallWaitingForCapacityLeavesTheQueueAtItsDeadline() throws Exception {
    // The only worker is busy with a call that has no deadline; cancelled at the end.
    Context.CancellableContext first = Context.current().withCancellation();
    first.run(
        () ->
            PricingServiceGrpc.newStub(channel)
                .quoteCover(QuoteCoverRequest.getDefaultInstance(), new NoOpObserver<>()));
    assertTrue(started.await(5, TimeUnit.SECONDS));

    var stub =
        PricingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(150, TimeUnit.MILLISECONDS);
    long t0 = System.nanoTime();
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> stub.quoteCover(QuoteCoverRequest.getDefaultInstance()));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 150 + RELEASE_BOUND_MILLIS);

    first.cancel(null);
    assertTrue(stopped.poll(5, TimeUnit.SECONDS).why() instanceof BackstopException.Cancelled);
    awaitIdle();
  }

  private void awaitIdle() throws InterruptedException {
    assertTrue(inFlight.awaitIdle(Duration.ofSeconds(5)), "calls still in flight");
  }

  static final class NoOpObserver<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
