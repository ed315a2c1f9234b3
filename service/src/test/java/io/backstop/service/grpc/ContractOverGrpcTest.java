package io.backstop.service.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.StreamQuoteCoverRequest;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.service.app.CallContext;
import io.backstop.service.app.PricingApplication;
import io.backstop.service.app.RequestDigest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract as a client sees it over a real channel: bad fields come back as INVALID_ARGUMENT
 * with a BadRequest detail under proto paths, and a quote over gRPC is the in-process quote.
 */
@QuarkusTest
class ContractOverGrpcTest {
  @Inject PricingApplication application;

  private ManagedChannel channel;
  private PricingServiceGrpc.PricingServiceBlockingStub stub;

  @BeforeEach
  void connect() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    stub = PricingServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  static QuoteCoverRequest smallExample() throws Exception {
    var b = QuoteCoverRequest.newBuilder();
    JsonFormat.parser()
        .merge(Files.readString(Path.of("..", "examples", "crypto-lending.json")), b);
    b.getSettingsBuilder().setScenarios(400);
    return b.build();
  }

  @Test
  void badFieldsAreInvalidArgumentWithOneViolationPerField() throws Exception {
    var b = smallExample().toBuilder();
    b.getExposureBuilder().getAssetsBuilder(0).setPriceUsd(-1);
    b.getExposureBuilder().getAssetsBuilder(1).setAnnualVolatility(Double.NaN);
    b.getCoverBuilder().setExpenseLoad(2);
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> stub.quoteCover(b.build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    var status = StatusProto.fromThrowable(e);
    BadRequest detail = status.getDetails(0).unpack(BadRequest.class);
    List<String> fields =
        detail.getFieldViolationsList().stream().map(v -> v.getField()).sorted().toList();
    assertEquals(
        List.of(
            "cover.expense_load",
            "exposure.assets[0].price_usd",
            "exposure.assets[1].annual_volatility"),
        fields);
    detail
        .getFieldViolationsList()
        .forEach(v -> assertTrue(v.getDescription().startsWith("must"), v.getDescription()));
  }

  @Test
  void theStreamReportsAMissingCoverAsTheUnaryCallDoes() throws Exception {
    QuoteCoverRequest noCover = smallExample().toBuilder().clearCover().build();
    StreamQuoteCoverRequest streamed =
        StreamQuoteCoverRequest.newBuilder().setExposure(noCover.getExposure()).build();
    for (Runnable call :
        List.<Runnable>of(
            () -> stub.quoteCover(noCover.toBuilder().clearSettings().build()),
            () -> stub.streamQuoteCover(streamed).forEachRemaining(event -> {}))) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      BadRequest detail = StatusProto.fromThrowable(e).getDetails(0).unpack(BadRequest.class);
      assertEquals(
          List.of("cover"),
          detail.getFieldViolationsList().stream().map(v -> v.getField()).toList(),
          detail.toString());
    }
    // Without settings, the same request over either RPC carries the same id.
    QuoteCoverRequest noSettings = smallExample().toBuilder().clearSettings().build();
    StreamQuoteCoverRequest.Builder s = StreamQuoteCoverRequest.newBuilder();
    s.setExposure(noSettings.getExposure()).setCover(noSettings.getCover());
    assertEquals(
        RequestDigest.sha256Hex(noSettings),
        RequestDigest.sha256Hex(PricingGrpcService.asQuote(s.build())));
  }

  @Test
  void aQuoteOverGrpcIsTheInProcessQuote() throws Exception {
    QuoteCoverRequest request = smallExample();
    var remote = stub.quoteCover(request);
    var local = application.quote(request, CallContext.detached());
    assertEquals(
        local.toBuilder().clearProvenance().build(), remote.toBuilder().clearProvenance().build());
    assertEquals(
        local.getProvenance().toBuilder().clearElapsedMillis().build(),
        remote.getProvenance().toBuilder().clearElapsedMillis().build());
    assertEquals(64, remote.getProvenance().getRequestSha256().length());
    var p = remote.getPremium();
    assertEquals(
        p.getPremiumUsd(), p.getExpectedLossUsd() + p.getRiskLoadUsd() + p.getExpenseLoadUsd());
  }

  @Test
  void aStressTestWalksTheCascadeRoundByRound() throws Exception {
    var exposure = smallExample().getExposure();
    var response =
        stub.stressTest(
            StressTestRequest.newBuilder()
                .setExposure(exposure)
                .addShocks(
                    io.backstop.proto.v1.Shock.newBuilder()
                        .setAssetId("WETH")
                        .setShockFraction(-0.3))
                .build());
    assertTrue(response.getRoundsCount() >= 1);
    assertEquals(0, response.getRounds(0).getRound());
    assertEquals(
        3400 * 0.7,
        response.getRounds(0).getAssets(0).getPriceUsd(),
        1e-6 * 3400,
        "round 0 is the shock");
    assertTrue(response.getBadDebtUsd() >= 0);
    assertTrue(response.getLiquidatedUsd() > 0, "a 30% fall liquidates the HF 1.03 bucket");
  }
}
