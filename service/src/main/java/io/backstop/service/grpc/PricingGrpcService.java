package io.backstop.service.grpc;

import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.AssessCollateralResponse;
import io.backstop.proto.v1.GetModelInfoRequest;
import io.backstop.proto.v1.GetModelInfoResponse;
import io.backstop.proto.v1.PricingServiceGrpc;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.StreamQuoteCoverRequest;
import io.backstop.proto.v1.StreamQuoteCoverResponse;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.proto.v1.StressTestResponse;
import io.backstop.service.app.CallContext;
import io.backstop.service.app.PricingApplication;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The gRPC adapter: maps each call onto {@link PricingApplication} and its failures onto gRPC
 * statuses. No pricing logic lives here.
 */
@GrpcService
public class PricingGrpcService extends PricingServiceGrpc.PricingServiceImplBase {
  private static final Logger LOG = Logger.getLogger(PricingGrpcService.class);

  @Inject PricingApplication application;

  @Override
  public void getModelInfo(
      GetModelInfoRequest request, StreamObserver<GetModelInfoResponse> responses) {
    unary(responses, application::modelInfo);
  }

  @Override
  @Blocking
  public void quoteCover(QuoteCoverRequest request, StreamObserver<QuoteCoverResponse> responses) {
    unary(responses, () -> application.quote(request, CallContext.detached()));
  }

  @Override
  @Blocking
  public void streamQuoteCover(
      StreamQuoteCoverRequest request, StreamObserver<StreamQuoteCoverResponse> responses) {
    // Same field numbers as QuoteCoverRequest: the bytes are the same request.
    QuoteCoverRequest quote =
        QuoteCoverRequest.newBuilder()
            .setExposure(request.getExposure())
            .setCover(request.getCover())
            .setSettings(request.getSettings())
            .build();
    unary(
        responses,
        () ->
            StreamQuoteCoverResponse.newBuilder()
                .setResult(application.quote(quote, CallContext.detached()))
                .build());
  }

  @Override
  @Blocking
  public void assessCollateral(
      AssessCollateralRequest request, StreamObserver<AssessCollateralResponse> responses) {
    unary(responses, () -> application.assessCollateral(request, CallContext.detached()));
  }

  @Override
  @Blocking
  public void stressTest(StressTestRequest request, StreamObserver<StressTestResponse> responses) {
    unary(responses, () -> application.stress(request, CallContext.detached()));
  }

  private static <T> void unary(StreamObserver<T> responses, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException | Error e) {
      var status = GrpcErrors.toStatus(e);
      if (status.getStatus().getCode() == io.grpc.Status.Code.INTERNAL) {
        LOG.error("internal error serving a call", e);
      }
      responses.onError(status);
      return;
    }
    responses.onNext(result);
    responses.onCompleted();
  }
}
