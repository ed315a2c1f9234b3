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
import io.backstop.service.app.PricingApplication;
import io.backstop.service.app.RequestCost;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;

/**
 * The gRPC adapter: maps each call onto {@link PricingApplication}; {@link CallRunner} takes care
 * of admission, worker threads, deadlines and statuses. No pricing logic lives here. The methods
 * run on the event loop and only hand work off, so they are not {@code @Blocking}.
 */
@GrpcService
public class PricingGrpcService extends PricingServiceGrpc.PricingServiceImplBase {

  @Inject PricingApplication application;
  @Inject CallRunner runner;

  @Override
  public void getModelInfo(
      GetModelInfoRequest request, StreamObserver<GetModelInfoResponse> responses) {
    runner.direct("GetModelInfo", request, responses, (context, out) -> application.modelInfo());
  }

  @Override
  public void quoteCover(QuoteCoverRequest request, StreamObserver<QuoteCoverResponse> responses) {
    runner.run(
        "QuoteCover",
        request,
        RequestCost.ofQuote(request.getExposure(), request.getSettings(), application.limits()),
        responses,
        (context, out) -> application.quote(request, context));
  }

  @Override
  public void streamQuoteCover(
      StreamQuoteCoverRequest request, StreamObserver<StreamQuoteCoverResponse> responses) {
    runner.run(
        "StreamQuoteCover",
        request,
        RequestCost.ofQuote(request.getExposure(), request.getSettings(), application.limits()),
        responses,
        (context, out) -> {
          ProgressRelay relay =
              new ProgressRelay(out, ProgressRelay.DEFAULT_INTERVAL_NANOS, System::nanoTime);
          context.progressTo(relay);
          relay.started("validate");
          QuoteCoverResponse result = application.quote(asQuote(request), context);
          relay.finished();
          return StreamQuoteCoverResponse.newBuilder().setResult(result).build();
        });
  }

  /**
   * The same request as a QuoteCover (same field numbers, so the same bytes and digest): a field
   * the client left out stays absent, so that validation reports it as missing.
   */
  static QuoteCoverRequest asQuote(StreamQuoteCoverRequest request) {
    QuoteCoverRequest.Builder quote =
        QuoteCoverRequest.newBuilder().setUnknownFields(request.getUnknownFields());
    if (request.hasExposure()) {
      quote.setExposure(request.getExposure());
    }
    if (request.hasCover()) {
      quote.setCover(request.getCover());
    }
    if (request.hasSettings()) {
      quote.setSettings(request.getSettings());
    }
    return quote.build();
  }

  @Override
  public void assessCollateral(
      AssessCollateralRequest request, StreamObserver<AssessCollateralResponse> responses) {
    runner.run(
        "AssessCollateral",
        request,
        RequestCost.ofCollateral(
            request.getExposure(), request.getSettings(), application.limits()),
        responses,
        (context, out) -> application.assessCollateral(request, context));
  }

  @Override
  public void stressTest(StressTestRequest request, StreamObserver<StressTestResponse> responses) {
    runner.run(
        "StressTest",
        request,
        RequestCost.ofStress(request.getExposure(), request.getMaxRounds(), application.limits()),
        responses,
        (context, out) -> application.stress(request, context));
  }
}
