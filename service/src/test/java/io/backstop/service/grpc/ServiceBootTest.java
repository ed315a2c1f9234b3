package io.backstop.service.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.backstop.core.ModelVersion;
import io.backstop.proto.v1.GetModelInfoRequest;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server boots and answers on one port: health, reflection, GetModelInfo. */
@QuarkusTest
class ServiceBootTest {
  private ManagedChannel channel;

  @BeforeEach
  void connect() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void healthIsServingForTheServerAndThePricingService() {
    var health = HealthGrpc.newBlockingStub(channel);
    assertEquals(
        HealthCheckResponse.ServingStatus.SERVING,
        health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
    assertEquals(
        HealthCheckResponse.ServingStatus.SERVING,
        health
            .check(HealthCheckRequest.newBuilder().setService("backstop.v1.PricingService").build())
            .getStatus());
  }

  @Test
  void reflectionListsThePricingService() throws Exception {
    CompletableFuture<List<String>> services = new CompletableFuture<>();
    var call =
        ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    services.complete(
                        value.getListServicesResponse().getServiceList().stream()
                            .map(s -> s.getName())
                            .toList());
                  }

                  @Override
                  public void onError(Throwable t) {
                    services.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    call.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    List<String> names = services.get(10, TimeUnit.SECONDS);
    call.onCompleted();
    assertTrue(names.contains("backstop.v1.PricingService"), names.toString());
    assertTrue(names.contains("grpc.health.v1.Health"), names.toString());
  }

  @Test
  void modelInfoPublishesVersionDefaultsAndLimits() {
    var info =
        PricingServiceGrpc.newBlockingStub(channel)
            .getModelInfo(GetModelInfoRequest.getDefaultInstance());
    assertEquals(ModelVersion.CURRENT, info.getModelVersion());
    assertEquals(10_000, info.getDefaultSettings().getScenarios());
    assertEquals(24.0, info.getDefaultSettings().getHorizonHours());
    assertEquals(15.0, info.getDefaultSettings().getStepMinutes());
    assertTrue(info.getLimits().getMaxScenarios() >= 10_000);
    assertTrue(info.getLimits().getMaxMessageBytes() > 0);
    assertTrue(info.getAvailableRpcsList().contains("GetModelInfo"));
  }

  @Test
  void everyRpcOfTheServiceIsListedAsAvailable() {
    var info =
        PricingServiceGrpc.newBlockingStub(channel)
            .getModelInfo(GetModelInfoRequest.getDefaultInstance());
    List<String> declared =
        PricingServiceGrpc.getServiceDescriptor().getMethods().stream()
            .map(m -> m.getBareMethodName())
            .sorted()
            .toList();
    assertEquals(declared, info.getAvailableRpcsList().stream().sorted().toList());
  }
}
