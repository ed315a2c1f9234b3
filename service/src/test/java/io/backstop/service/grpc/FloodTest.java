package io.backstop.service.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.RetryInfo;
import io.backstop.proto.v1.GetModelInfoRequest;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admission control over the wire, with one slot and a queue of two. */
@QuarkusTest
@TestProfile(FloodTest.TinyCapacity.class)
class FloodTest {

  public static class TinyCapacity implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "backstop.capacity.budget-cost", "1000",
          "backstop.capacity.max-concurrent", "1",
          "backstop.capacity.queue-size", "2",
          "backstop.capacity.queue-timeout", "200ms",
          "backstop.capacity.retry-after", "750ms");
    }
  }

  private ManagedChannel channel;
  private final ExecutorService clients = Executors.newFixedThreadPool(16);

  @BeforeEach
  void connect() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    SpinTestService.STARTED.clear();
    SpinTestService.STOPPED.clear();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    clients.shutdownNow();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private Map<Status.Code, Integer> flood(int calls, List<Status> statuses) throws Exception {
    var stub = PricingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    QuoteCoverRequest request = Examples.quote("crypto-lending");
    List<CompletableFuture<Status>> futures = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  stub.quoteCover(request);
                  return Status.OK;
                } catch (StatusRuntimeException e) {
                  return e.getStatus();
                }
              },
              clients));
    }
    Map<Status.Code, Integer> counts = new TreeMap<>();
    for (var f : futures) {
      Status s = f.get(60, TimeUnit.SECONDS);
      statuses.add(s);
      counts.merge(s.getCode(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void whileTheOnlySlotIsBusyCallsAreQueuedThenRefusedWithRetryAdvice() throws Exception {
    ClientCall<byte[], byte[]> spin = channel.newCall(SpinTestService.SPIN, CallOptions.DEFAULT);
    spin.start(new ClientCall.Listener<>() {}, new Metadata());
    spin.sendMessage(new byte[0]);
    spin.halfClose();
    assertTrue(SpinTestService.STARTED.poll(10, TimeUnit.SECONDS) != null);

    var stub = PricingServiceGrpc.newBlockingStub(channel);
    StatusRuntimeException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class, () -> stub.quoteCover(Examples.quote("crypto-lending")));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
    RetryInfo retry = StatusProto.fromThrowable(refused).getDetails(0).unpack(RetryInfo.class);
    assertEquals(750_000_000, retry.getRetryDelay().getNanos());
    System.out.println("refused: " + refused.getStatus().getDescription());

    List<Status> statuses = new ArrayList<>();
    var counts = flood(50, statuses);
    System.out.println("flood of 50 while busy: " + counts);
    assertEquals(Map.of(Status.Code.RESOURCE_EXHAUSTED, 50), counts);
    // GetModelInfo is never throttled.
    assertTrue(stub.getModelInfo(GetModelInfoRequest.getDefaultInstance()).hasLimits());

    spin.cancel("done", null);
    assertTrue(SpinTestService.STOPPED.poll(10, TimeUnit.SECONDS) != null);
    Status after = Status.OK;
    try {
      stub.quoteCover(Examples.quote("crypto-lending"));
    } catch (StatusRuntimeException e) {
      after = e.getStatus();
    }
    assertTrue(
        Set.of(Status.Code.OK, Status.Code.UNIMPLEMENTED).contains(after.getCode()),
        after.toString());

    String metrics = OperationsTest.metrics();
    assertTrue(metrics.contains("backstop_rejections_total{reason=\"queue_full\""), "metrics");
    assertTrue(metrics.contains("backstop_rejections_total{reason=\"queue_timeout\""), "metrics");
  }

  @Test
  void aFloodGetsOnlyResultsOrCapacityRefusalsAndTheServerCarriesOn() throws Exception {
    List<Status> statuses = new ArrayList<>();
    var counts = flood(50, statuses);
    System.out.println("flood of 50: " + counts);
    for (Status s : statuses) {
      assertTrue(
          Set.of(Status.Code.OK, Status.Code.UNIMPLEMENTED, Status.Code.RESOURCE_EXHAUSTED)
              .contains(s.getCode()),
          s.toString());
    }
    assertTrue(
        PricingServiceGrpc.newBlockingStub(channel)
            .getModelInfo(GetModelInfoRequest.getDefaultInstance())
            .hasLimits());
  }
}
