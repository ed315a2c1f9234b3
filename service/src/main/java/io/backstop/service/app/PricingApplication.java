package io.backstop.service.app;

import io.backstop.core.ModelVersion;
import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.AssessCollateralResponse;
import io.backstop.proto.v1.GetModelInfoResponse;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.RunSettings;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.proto.v1.StressTestResponse;
import java.util.List;

/**
 * The application: one path from a request message to a response message, shared by every
 * transport. The gRPC service and the command line both call this class, so validation, mapping and
 * the engine are the same whether a request comes over the network or from a file.
 */
public final class PricingApplication {

  /** Settings used where a request leaves them out (MODEL.md section 2). */
  public static final RunSettings DEFAULT_SETTINGS =
      RunSettings.newBuilder()
          .setScenarios(10_000)
          .setSeed(0)
          .setHorizonHours(24)
          .setStepMinutes(15)
          .addAllConfidenceLevels(List.of(0.95, 0.99, 0.995))
          .build();

  /** Default probability of AssessCollateral's drop quantile (MODEL.md section 7). */
  public static final double DEFAULT_TARGET_PROBABILITY = 0.01;

  /** Default cap on cascade rounds within one step or stress test. */
  public static final int DEFAULT_MAX_ROUNDS = 20;

  private final RequestLimits limits;

  public PricingApplication(RequestLimits limits) {
    this.limits = limits;
  }

  public RequestLimits limits() {
    return limits;
  }

  /** Model version, defaults and limits: what a client needs to build a valid request. */
  public GetModelInfoResponse modelInfo() {
    return GetModelInfoResponse.newBuilder()
        .setModelVersion(ModelVersion.CURRENT)
        .setLimits(limits.toProto())
        .setDefaultSettings(DEFAULT_SETTINGS)
        .setDefaultTargetProbability(DEFAULT_TARGET_PROBABILITY)
        .setDefaultMaxRounds(DEFAULT_MAX_ROUNDS)
        .addAvailableRpcs("GetModelInfo")
        .build();
  }

  /** Prices a cover layer (QuoteCover and StreamQuoteCover). */
  public QuoteCoverResponse quote(QuoteCoverRequest request, CallContext context) {
    throw new BackstopException.NotImplemented(
        "QuoteCover is not available yet: the cascade engine and premium model are still being"
            + " built, and Backstop never answers with a made-up number. GetModelInfo lists the"
            + " RPCs that return real results.");
  }

  /** Risk-adjusted collateral parameters (AssessCollateral). */
  public AssessCollateralResponse assessCollateral(
      AssessCollateralRequest request, CallContext context) {
    throw new BackstopException.NotImplemented(
        "AssessCollateral is not available yet: the collateral model is still being built, and"
            + " Backstop never answers with a made-up number. GetModelInfo lists the RPCs that"
            + " return real results.");
  }

  /** Deterministic what-if cascade (StressTest). */
  public StressTestResponse stress(StressTestRequest request, CallContext context) {
    throw new BackstopException.NotImplemented(
        "StressTest is not available yet: the cascade engine is still being built, and Backstop"
            + " never answers with a made-up number. GetModelInfo lists the RPCs that return real"
            + " results.");
  }
}
