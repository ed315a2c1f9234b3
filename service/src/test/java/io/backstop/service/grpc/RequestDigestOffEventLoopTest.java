package io.backstop.service.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.service.app.Metrics;
import io.backstop.service.app.RequestDigest;
import io.backstop.service.capacity.AdmissionController;
import io.backstop.service.ops.CallRecorder;
import io.backstop.service.ops.InFlight;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request's SHA-256 is computed by the worker that runs the call, once, and shared by the
 * call's log line and the application's provenance; the service method (on the event loop in the
 * server) does not hash. A call refused before it runs is recorded without a digest.
 */
class RequestDigestOffEventLoopTest {
  /** What the recorder was told of a finished call. */
  record Finished(String rpc, String sha256, Status.Code code) {}

  private final BlockingQueue<Runnable> workerTasks = new LinkedBlockingQueue<>();
  private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> digestWhenHandedOff = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> digestSeenByWork = new LinkedBlockingQueue<>();
  private ScheduledExecutorService timer;
  private InProcessService calls;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    timer = Executors.newSingleThreadScheduledExecutor();
    AdmissionController admission =
        new AdmissionController(
            new AdmissionController.Settings(
                1_000, 1, 0, Duration.ofSeconds(5), Duration.ofMillis(250)),
            timer);
    CallRecorder recorder =
        new CallRecorder() {
          @Override
          public void finished(String rpc, String requestSha256, Status.Code code, long nanos) {
            finished.add(new Finished(rpc, requestSha256, code));
          }

          @Override
          public void rejected(String reason) {}

          @Override
          public Metrics metrics() {
            return Metrics.NOOP;
          }
        };
    // The test runs the worker's tasks itself, so it sees the call between hand-off and work.
    CallRunner runner =
        new CallRunner(admission, workerTasks::add, timer, new InFlight(), recorder);
    var service =
        new PricingServiceGrpc.PricingServiceImplBase() {
          @Override
          public void quoteCover(
              QuoteCoverRequest request, StreamObserver<QuoteCoverResponse> out) {
            GrpcCallContext context = GrpcCallContext.KEY.get();
            runner.run(
                "QuoteCover",
                request,
                1_000,
                out,
                (c, r) -> {
                  digestSeenByWork.add(c.requestSha256(request));
                  return QuoteCoverResponse.getDefaultInstance();
                });
            String computed = context.requestSha256IfComputed();
            digestWhenHandedOff.add(computed == null ? "none" : computed);
          }
        };
    calls = new InProcessService(service);
    channel = calls.channel;
  }

  @AfterEach
  void stop() throws Exception {
    calls.close();
    timer.shutdownNow();
  }

  private static QuoteCoverRequest request(int scenarios) {
    QuoteCoverRequest.Builder b = QuoteCoverRequest.newBuilder();
    b.getSettingsBuilder().setScenarios(scenarios).setSeed(7);
    return b.build();
  }

  private CompletableFuture<QuoteCoverResponse> call(QuoteCoverRequest request) {
    return CompletableFuture.supplyAsync(
        () -> PricingServiceGrpc.newBlockingStub(channel).quoteCover(request));
  }

  @Test
  void theWorkerHashesTheRequestOnceAndTheLogLineCarriesIt() throws Exception {
    QuoteCoverRequest request = request(1_000);
    CompletableFuture<QuoteCoverResponse> answer = call(request);

    assertEquals("none", digestWhenHandedOff.poll(5, TimeUnit.SECONDS));
    Runnable work = workerTasks.poll(5, TimeUnit.SECONDS);
    assertNotNull(work, "the admitted call was handed to the workers");
    work.run();
    answer.get(5, TimeUnit.SECONDS);

    String expected = RequestDigest.sha256Hex(request);
    String seen = digestSeenByWork.poll(5, TimeUnit.SECONDS);
    assertEquals(expected, seen);
    Finished f = finished.poll(5, TimeUnit.SECONDS);
    assertEquals(new Finished("QuoteCover", expected, Status.Code.OK), f);
    assertSame(seen, f.sha256(), "the work and the log line share one digest");
  }

  @Test
  void aCallRefusedBeforeItRunsIsRecordedWithoutADigest() throws Exception {
    CompletableFuture<QuoteCoverResponse> first = call(request(1_000));
    Runnable firstWork = workerTasks.poll(5, TimeUnit.SECONDS);
    assertNotNull(firstWork);

    // Capacity 1, queue 0: the second call is refused while the first holds its permit.
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, failureOf(call(request(2_000))));
    Finished f = finished.poll(5, TimeUnit.SECONDS);
    assertEquals(new Finished("QuoteCover", null, Status.Code.RESOURCE_EXHAUSTED), f);

    firstWork.run();
    first.get(5, TimeUnit.SECONDS);
    assertNotNull(finished.poll(5, TimeUnit.SECONDS).sha256());
  }

  private static Status.Code failureOf(CompletableFuture<QuoteCoverResponse> call) {
    Throwable t =
        assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS)).getCause();
    return ((StatusRuntimeException) t).getStatus().getCode();
  }
}
