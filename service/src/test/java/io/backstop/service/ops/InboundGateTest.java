package io.backstop.service.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.RetryInfo;
import io.backstop.proto.v1.GetModelInfoRequest;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.service.capacity.AdmissionController;
import io.backstop.service.grpc.Examples;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The inbound gate in the running server: with one call running and none queued, the gate holds two
 * pricing calls (what admission holds and one more per running call); a third at once is refused
 * before its message is read, with RESOURCE_EXHAUSTED and RetryInfo; GetModelInfo is never gated;
 * and every permit comes back when the calls end, refused, answered or cancelled by their deadline.
 */
@QuarkusTest
@TestProfile(InboundGateTest.OneAtATime.class)
class InboundGateTest {
  public static class OneAtATime implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "backstop.capacity.max-concurrent", "1",
          "backstop.capacity.queue-size", "0",
          "backstop.capacity.receive-timeout", "4s");
    }
  }

  @Inject InboundGate gate;
  @Inject AdmissionController admission;
  @Inject MeterRegistry registry;

  private double rejections() {
    var c =
        registry.find("backstop.rejections").tag("reason", InboundGate.REFUSAL_REASON).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aFloodIsAnsweredWithRetryAdviceAndEveryPermitComesBack() throws Exception {
    assertEquals(2, gate.capacity());
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      var stub = PricingServiceGrpc.newBlockingStub(channel);
      QuoteCoverRequest slow = Examples.quote("crypto-lending"); // 10,000 scenarios: ~0.5 s
      List<Future<Status>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(
            callers.submit(
                () -> {
                  try {
                    stub.withDeadlineAfter(30, TimeUnit.SECONDS).quoteCover(slow);
                    return Status.OK;
                  } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                      var details = StatusProto.fromThrowable(e);
                      assertTrue(
                          details != null
                              && details.getDetailsList().stream()
                                  .anyMatch(d -> d.is(RetryInfo.class)),
                          "RetryInfo with " + e.getStatus());
                    }
                    return e.getStatus();
                  }
                }));
      }
      // GetModelInfo is answered whatever the gate holds.
      assertTrue(stub.getModelInfo(GetModelInfoRequest.getDefaultInstance()).hasLimits());
      int ok = 0;
      int refused = 0;
      int byTheGate = 0;
      for (Future<Status> f : calls) {
        Status status = f.get(60, TimeUnit.SECONDS);
        ok += status.isOk() ? 1 : 0;
        refused += status.getCode() == Status.Code.RESOURCE_EXHAUSTED ? 1 : 0;
        byTheGate +=
            String.valueOf(status.getDescription()).startsWith("the server holds as many calls")
                ? 1
                : 0;
      }
      assertEquals(8, ok + refused, "every call answered OK or RESOURCE_EXHAUSTED");
      // Which refusals come from the gate and which from admission depends on when each caller's
      // call starts (a call admission refuses frees its permit at once); the idle-stream test
      // below holds the permits to see the gate's own refusal.
      assertTrue(ok >= 1, "ok " + ok + ", refused " + refused + " (at the gate " + byTheGate + ")");
      // A call cut by its deadline gives its permit back too.
      try {
        stub.withDeadlineAfter(50, TimeUnit.MILLISECONDS).quoteCover(slow);
      } catch (StatusRuntimeException expected) {
        // DEADLINE_EXCEEDED
      }
      // The client has its DEADLINE_EXCEEDED at once; the work stops at its next poll, a few ms
      // later, and only then frees admission's one place: wait for both before the next call.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((gate.inFlight() > 0 || admission.running() > 0) && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertEquals(0, gate.inFlight(), "permits held after every call ended");
      assertEquals(0, admission.running(), "work still running after every call ended");
      assertEquals(
          Status.Code.OK,
          callers
              .submit(
                  () -> {
                    stub.quoteCover(slow);
                    return Status.Code.OK;
                  })
              .get(60, TimeUnit.SECONDS));
    } finally {
      callers.shutdownNow();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theGateHoldsAdmissionsCallsAndOneMorePerRunningCall() {
    var d = java.time.Duration.ofSeconds(1);
    // The defaults: 2 running and 16 queued, 20 permits (20 x 4 MiB of messages at most).
    assertEquals(
        20,
        InboundGate.gateCapacity(new AdmissionController.Settings(1_000_000_000L, 2, 16, d, d)));
    assertEquals(2, InboundGate.gateCapacity(new AdmissionController.Settings(1L, 1, 0, d, d)));
  }

  @Test
  void refusalsAreTaggedWithTheServicesMethodsOnly() {
    assertEquals("QuoteCover", InboundGate.rpcName("/backstop.v1.PricingService/QuoteCover"));
    // A path is the client's to choose: any other name is one tag, not a tag per name.
    assertEquals("unknown", InboundGate.rpcName("/backstop.v1.PricingService/Nope12345"));
  }

  @Test
  void idleStreamsCannotHoldThePermits() throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    List<io.grpc.ClientCall<QuoteCoverRequest, io.backstop.proto.v1.QuoteCoverResponse>> idle =
        new ArrayList<>();
    try {
      var stub = PricingServiceGrpc.newBlockingStub(channel);
      QuoteCoverRequest small =
          Examples.quote("crypto-lending").toBuilder()
              .setSettings(
                  Examples.quote("crypto-lending").getSettings().toBuilder().setScenarios(200))
              .build();
      // Two calls that open their streams, send their message and never finish the request
      // (no half-close): the server waits for the rest, and both permits are taken.
      for (int i = 0; i < 2; i++) {
        io.grpc.ClientCall<QuoteCoverRequest, io.backstop.proto.v1.QuoteCoverResponse> call =
            channel.newCall(PricingServiceGrpc.getQuoteCoverMethod(), io.grpc.CallOptions.DEFAULT);
        call.start(new io.grpc.ClientCall.Listener<>() {}, new io.grpc.Metadata());
        call.request(1);
        call.sendMessage(small);
        idle.add(call);
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (gate.inFlight() < 2 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertEquals(2, gate.inFlight(), "the idle streams hold the permits");
      double gateRefusals = rejections();
      StatusRuntimeException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              StatusRuntimeException.class, () -> stub.quoteCover(small));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
      assertTrue(
          String.valueOf(refused.getStatus().getDescription())
              .startsWith("the server holds as many calls"),
          "refused at the gate, not by admission: " + refused.getStatus());
      assertEquals(gateRefusals + 1, rejections(), "the gate's refusal is in the metrics");
      // After the receive timeout (4 s here) the idle streams are reset and pricing serves again.
      until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (gate.inFlight() > 0 && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertEquals(0, gate.inFlight(), "permits of idle streams returned");
      assertTrue(stub.quoteCover(small).hasPremium());
    } finally {
      idle.forEach(c -> c.cancel("test over", null));
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
