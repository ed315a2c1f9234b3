package io.backstop.service.app;

import io.backstop.core.ModelVersion;
import io.backstop.core.model.CoverTerms;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.model.Shock;
import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.AssessCollateralResponse;
import io.backstop.proto.v1.GetModelInfoResponse;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.proto.v1.StressTestResponse;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * The application: one path from a request message to a response message, shared by every
 * transport. The gRPC service and the command line both call this class, so validation, mapping and
 * the engine are the same whether a request comes over the network or from a file.
 */
public final class PricingApplication {

  /** Settings used where a request leaves them out (MODEL.md section 2). */
  public static final io.backstop.proto.v1.RunSettings DEFAULT_SETTINGS =
      io.backstop.proto.v1.RunSettings.newBuilder()
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
  private final RequestValidator validator;

  public PricingApplication(RequestLimits limits, Validator validator) {
    this.limits = limits;
    this.validator = new RequestValidator(validator, limits);
  }

  /** A validator bootstrapped without a container (the command line, tests). */
  public static Validator standaloneValidator() {
    return Validation.byDefaultProvider()
        .configure()
        .messageInterpolator(new ParameterMessageInterpolator())
        .buildValidatorFactory()
        .getValidator();
  }

  /** The validated core inputs of a quote. */
  record QuoteInputs(ProtocolExposure exposure, CoverTerms cover, RunSettings settings) {}

  QuoteInputs validateQuote(QuoteCoverRequest request) {
    RunSettings sent = ProtoMapper.settings(request.getSettings());
    RunSettings effective = sent.withDefaults();
    // Limits first, alone: they bound the work the full check does.
    validator.check().exposureLimits(request.getExposure()).settingsLimits(effective).throwIfAny();
    var check = validator.check();
    check.require(request.hasExposure(), "exposure", "the protocol's assets, loans and controls");
    check.require(
        request.hasCover(),
        "cover",
        "the layer to price (attachment_usd, limit_usd, term_days, cost_of_capital,"
            + " expense_load)");
    ProtocolExposure exposure = ProtoMapper.exposure(request.getExposure());
    var c = request.getCover();
    CoverTerms cover =
        new CoverTerms(
            c.getAttachmentUsd(),
            c.getLimitUsd(),
            c.getTermDays(),
            c.getCostOfCapital(),
            c.getExpenseLoad());
    check.exposure(exposure).settings(sent, effective);
    if (request.hasCover()) {
      check.cover(cover);
      if (c.getTermDays() > limits.maxTermDays()) {
        check.add(
            "cover.term_days",
            "is " + c.getTermDays() + " days; the published limit is " + limits.maxTermDays());
      }
    }
    check.throwIfAny();
    return new QuoteInputs(exposure, cover, effective);
  }

  /** The validated core inputs of a collateral assessment. */
  record CollateralInputs(
      ProtocolExposure exposure, double targetProbability, RunSettings settings) {}

  CollateralInputs validateCollateral(AssessCollateralRequest request) {
    RunSettings sent = ProtoMapper.settings(request.getSettings());
    RunSettings effective = sent.withDefaults();
    validator.check().exposureLimits(request.getExposure()).settingsLimits(effective).throwIfAny();
    var check = validator.check();
    check.require(request.hasExposure(), "exposure", "the protocol's assets, loans and controls");
    ProtocolExposure exposure = ProtoMapper.exposure(request.getExposure());
    check.exposure(exposure).settings(sent, effective);
    double p = request.getTargetProbability();
    if (!(p == 0 || (p > 0 && p < 0.5))) {
      check.add(
          "target_probability",
          "must be in (0, 0.5), or 0 for the default " + DEFAULT_TARGET_PROBABILITY + ", was " + p);
    }
    check.throwIfAny();
    return new CollateralInputs(exposure, p == 0 ? DEFAULT_TARGET_PROBABILITY : p, effective);
  }

  /** The validated core inputs of a stress test. */
  record StressInputs(ProtocolExposure exposure, List<Shock> shocks, int maxRounds) {}

  StressInputs validateStress(StressTestRequest request) {
    validator
        .check()
        .exposureLimits(request.getExposure())
        .limit("shocks", request.getShocksCount(), limits.maxShocks(), "shocks")
        .throwIfAny();
    var check = validator.check();
    check.require(request.hasExposure(), "exposure", "the protocol's assets, loans and controls");
    if (request.getMaxRounds() < 0 || request.getMaxRounds() > limits.maxRounds()) {
      check.add(
          "max_rounds",
          "must be in [0, "
              + limits.maxRounds()
              + "] (0: the default "
              + DEFAULT_MAX_ROUNDS
              + "), was "
              + request.getMaxRounds());
    }
    ProtocolExposure exposure = ProtoMapper.exposure(request.getExposure());
    List<Shock> shocks = ProtoMapper.shocks(request.getShocksList());
    check.exposure(exposure).shocks(exposure, shocks);
    check.throwIfAny();
    return new StressInputs(
        exposure,
        shocks,
        request.getMaxRounds() == 0 ? DEFAULT_MAX_ROUNDS : request.getMaxRounds());
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
    validateQuote(request);
    throw new BackstopException.NotImplemented(
        "QuoteCover is not available yet: the cascade engine and premium model are still being"
            + " built, and Backstop never answers with a made-up number. GetModelInfo lists the"
            + " RPCs that return real results.");
  }

  /** Risk-adjusted collateral parameters (AssessCollateral). */
  public AssessCollateralResponse assessCollateral(
      AssessCollateralRequest request, CallContext context) {
    validateCollateral(request);
    throw new BackstopException.NotImplemented(
        "AssessCollateral is not available yet: the collateral model is still being built, and"
            + " Backstop never answers with a made-up number. GetModelInfo lists the RPCs that"
            + " return real results.");
  }

  /** Deterministic what-if cascade (StressTest). */
  public StressTestResponse stress(StressTestRequest request, CallContext context) {
    validateStress(request);
    throw new BackstopException.NotImplemented(
        "StressTest is not available yet: the cascade engine is still being built, and Backstop"
            + " never answers with a made-up number. GetModelInfo lists the RPCs that return real"
            + " results.");
  }
}
