package io.backstop.service.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.proto.v1.GetModelInfoRequest;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.service.app.BackstopException;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deadlines, cancellation, message size and metrics on the real server (one shared port). */
@QuarkusTest
class OperationsTest {
  private static final long RELEASE_BOUND_MILLIS = 100;
  private ManagedChannel channel;
  @Inject MeterRegistry registry;

  private double oversizeRefusals() {
    Counter c = registry.find("backstop.rejections").tag("reason", "message_size").counter();
    return c == null ? 0 : c.count();
  }

  @BeforeEach
  void connect() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    channel =
        ManagedChannelBuilder.forAddress("localhost", port)
            .usePlaintext()
            .maxInboundMessageSize(64 * 1024 * 1024)
            .build();
    SpinTestService.STOPPED.clear();
    SpinTestService.STARTED.clear();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void aDeadlineStopsTheWorkWithin100MsOnTheSharedPort() throws Exception {
    long t0 = System.nanoTime();
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                ClientCalls.blockingUnaryCall(
                    channel,
                    SpinTestService.SPIN,
                    CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS),
                    new byte[0]));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    var stopped = SpinTestService.STOPPED.poll(5, TimeUnit.SECONDS);
    long late = TimeUnit.NANOSECONDS.toMillis(stopped.nanosAfterDeadline());
    System.out.printf(
        "shared port: deadline -> worker %s released %d ms after the deadline (%s), call %d ms%n",
        stopped.thread(),
        late,
        stopped.why().getClass().getSimpleName(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    assertTrue(late < RELEASE_BOUND_MILLIS, late + " ms");
    assertTrue(stopped.thread().startsWith("backstop-worker"), stopped.thread());
  }

  @Test
  void cancellingStopsTheWorkWithin100MsOnTheSharedPort() throws Exception {
    ClientCall<byte[], byte[]> call = channel.newCall(SpinTestService.SPIN, CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {}, new Metadata());
    call.sendMessage(new byte[0]);
    call.halfClose();
    call.request(1);
    assertTrue(SpinTestService.STARTED.poll(5, TimeUnit.SECONDS) != null);
    long cancelledAt = System.nanoTime();
    call.cancel("test cancels", null);
    var stopped = SpinTestService.STOPPED.poll(5, TimeUnit.SECONDS);
    long millis = TimeUnit.NANOSECONDS.toMillis(stopped.atNanos() - cancelledAt);
    System.out.printf("shared port: cancel -> worker released in %d ms%n", millis);
    assertTrue(stopped.why() instanceof BackstopException.Cancelled, stopped.why().toString());
    assertTrue(millis < RELEASE_BOUND_MILLIS, millis + " ms");
  }

  @Test
  void aMessageOverTheLimitIsRefusedAndTheServerCarriesOn() {
    var stub = PricingServiceGrpc.newBlockingStub(channel);
    int limit =
        stub.getModelInfo(GetModelInfoRequest.getDefaultInstance())
            .getLimits()
            .getMaxMessageBytes();
    QuoteCoverRequest big =
        Examples.quote("crypto-lending").toBuilder()
            .setExposure(
                Examples.quote("crypto-lending").getExposure().toBuilder()
                    .setProtocolId("x".repeat(limit + 1)))
            .build();
    double refusedBefore = oversizeRefusals();
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> stub.quoteCover(big));
    System.out.println("over the message limit: " + e.getStatus());
    assertEquals(refusedBefore + 1, oversizeRefusals(), "backstop_rejections_total{message_size}");
    // The transport's refusal, before the message is read (docs/api.md): RESOURCE_EXHAUSTED with
    // no retry advice, which tells it from a refusal at capacity, and a message that says the limit
    // (the transport gives none; the inbound gate adds it).
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
    assertEquals(
        "the request message is larger than this server accepts: at most "
            + limit
            + " bytes (limits.max_message_bytes in GetModelInfo); send a smaller request, the same"
            + " one will be refused again",
        e.getStatus().getDescription());
    com.google.rpc.Status details = io.grpc.protobuf.StatusProto.fromThrowable(e);
    assertTrue(
        details == null
            || details.getDetailsList().stream()
                .noneMatch(d -> d.is(com.google.rpc.RetryInfo.class)),
        "no RetryInfo on an oversized message: " + details);
    // Just under the limit is parsed, and answered by the application, not the transport.
    int base = Examples.quote("crypto-lending").getSerializedSize();
    QuoteCoverRequest fits =
        big.toBuilder()
            .setExposure(big.getExposure().toBuilder().setProtocolId("x".repeat(limit - base - 16)))
            .build();
    assertTrue(fits.getSerializedSize() <= limit, fits.getSerializedSize() + " > " + limit);
    try {
      stub.quoteCover(fits);
    } catch (StatusRuntimeException answered) {
      assertFalse(
          answered.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED,
          answered.getStatus().toString());
    }
    // The server still answers.
    assertTrue(stub.getModelInfo(GetModelInfoRequest.getDefaultInstance()).hasLimits());
  }

  /**
   * A connection carries at most 32 calls at once (docs/operations.md, "Inbound message memory"),
   * more than admission holds, so that the cap bounds a flood's buffered messages and never turns a
   * refusal at capacity into a wait on the client's side.
   */
  @Test
  void aConnectionCarriesAtMostThirtyTwoCallsMoreThanAdmissionHolds() {
    var config = ConfigProvider.getConfig();
    long streams = config.getValue("quarkus.http.limits.max-concurrent-streams", Long.class);
    assertEquals(32, streams);
    int held =
        config
                .getOptionalValue("backstop.capacity.max-concurrent", Integer.class)
                .orElse(Runtime.getRuntime().availableProcessors())
            + config.getOptionalValue("backstop.capacity.queue-size", Integer.class).orElse(16);
    assertTrue(streams > held, "streams " + streams + " vs admission " + held);
  }

  @Test
  void metricsCountCallsByRpcAndStatus() throws Exception {
    var stub = PricingServiceGrpc.newBlockingStub(channel);
    stub.getModelInfo(GetModelInfoRequest.getDefaultInstance());
    assertThrows(
        StatusRuntimeException.class,
        () -> stub.quoteCover(QuoteCoverRequest.getDefaultInstance()));
    String body = metrics();
    for (String expected :
        new String[] {
          "backstop_calls_total{rpc=\"GetModelInfo\",status=\"OK\"",
          "backstop_calls_total{rpc=\"QuoteCover\",status=\"INVALID_ARGUMENT\"",
          "backstop_call_seconds_bucket{",
          "backstop_calls_in_flight",
          "backstop_scenarios_simulated_total",
          "backstop_admission_queued"
        }) {
      assertTrue(body.contains(expected), expected + " not in /q/metrics");
    }
  }

  /**
   * A path the client chooses never becomes a metric label: Quarkus's HTTP server metrics tagged
   * every gRPC path (an unknown method too, as status 200 SUCCESS though the client got
   * UNIMPLEMENTED) up to 100 URIs, then logged a WARN and stopped recording new ones (a soak
   * audit). They are off; the backstop_* and grpc_server_* metrics count the calls.
   */
  @Test
  void aPathTheClientChoosesIsNoMetricLabel() throws Exception {
    var unknown =
        io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("zz.Unknown/Q12345")
            .setRequestMarshaller(SpinTestService.SPIN.getRequestMarshaller())
            .setResponseMarshaller(SpinTestService.SPIN.getResponseMarshaller())
            .build();
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                ClientCalls.blockingUnaryCall(channel, unknown, CallOptions.DEFAULT, new byte[0]));
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
    String body = metrics();
    assertFalse(body.contains("Q12345"), "a client's path in /q/metrics");
    assertFalse(body.contains("http_server_requests"), "HTTP server metrics are on");
  }

  /** The server's /q/metrics text, from the management port. */
  static String metrics() throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
