package io.backstop.service.cli;

import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.AssessCollateralResponse;
import io.backstop.proto.v1.GetModelInfoResponse;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.QuoteProgress;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.proto.v1.StressTestResponse;
import java.util.function.Consumer;

/**
 * The five calls, whichever transport carries them: in-process (the application itself) or a remote
 * server over gRPC. Failures surface as {@link io.backstop.service.app.BackstopException} in both
 * cases, so the command line prints and exits the same way.
 */
interface PricingClient extends AutoCloseable {
  GetModelInfoResponse modelInfo();

  QuoteCoverResponse quote(QuoteCoverRequest request, Consumer<QuoteProgress> progress);

  AssessCollateralResponse assessCollateral(AssessCollateralRequest request);

  StressTestResponse stress(StressTestRequest request);

  @Override
  void close();
}
