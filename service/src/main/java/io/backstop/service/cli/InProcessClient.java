package io.backstop.service.cli;

import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.AssessCollateralResponse;
import io.backstop.proto.v1.GetModelInfoResponse;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.QuoteProgress;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.proto.v1.StressTestResponse;
import io.backstop.service.app.CallContext;
import io.backstop.service.app.PricingApplication;
import java.util.function.Consumer;

/** Calls the application directly: no server, no port. */
final class InProcessClient implements PricingClient {
  private final PricingApplication application;

  InProcessClient(PricingApplication application) {
    this.application = application;
  }

  @Override
  public GetModelInfoResponse modelInfo() {
    return application.modelInfo();
  }

  @Override
  public QuoteCoverResponse quote(QuoteCoverRequest request, Consumer<QuoteProgress> progress) {
    return application.quote(request, CallContext.detached(progress));
  }

  @Override
  public AssessCollateralResponse assessCollateral(AssessCollateralRequest request) {
    return application.assessCollateral(request, CallContext.detached());
  }

  @Override
  public StressTestResponse stress(StressTestRequest request) {
    return application.stress(request, CallContext.detached());
  }

  @Override
  public void close() {}
}
