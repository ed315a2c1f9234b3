package io.backstop.service.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The warm-up in the running server: it starts with the application, holds health NOT_SERVING to
 * its end (nothing in Quarkus's start turns it SERVING behind its back), then the server serves.
 */
@QuarkusTest
@TestProfile(WarmUpBootTest.Enabled.class)
class WarmUpBootTest {
  public static class Enabled implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "backstop.warmup.enabled", "true",
          "backstop.warmup.duration", "1s",
          "backstop.warmup.scenarios", "200");
    }
  }

  @Inject WarmUpLifecycle lifecycle;

  @Test
  void theWarmUpRunsHoldsNotServingAndEndsServing() throws Exception {
    assertTrue(lifecycle.awaitEnd(Duration.ofSeconds(60)), "the warm-up ended");
    WarmUp w = lifecycle.warmUp();
    assertNotNull(w, "enabled by the profile");
    assertTrue(w.rounds() >= 1, "priced the example");
    assertEquals(
        Map.of(
            "", ServingStatus.NOT_SERVING, "backstop.v1.PricingService", ServingStatus.NOT_SERVING),
        w.statusesAtEnd());
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    try {
      var health = HealthGrpc.newBlockingStub(channel);
      for (String service : WarmUp.SERVICES) {
        assertEquals(
            ServingStatus.SERVING,
            health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus(),
            "service '" + service + "'");
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
