package io.backstop.service.app;

import io.backstop.core.CascadeEngine;
import io.backstop.core.ModelVersion;
import io.backstop.core.StressResult;
import io.backstop.core.model.CoverTerms;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.model.Shock;
import io.backstop.core.pricing.ClassDefaults;
import io.backstop.core.pricing.CollateralAssessor;
import io.backstop.core.pricing.CollateralRecommendation;
import io.backstop.core.pricing.CoverPricer;
import io.backstop.core.pricing.PremiumQuote;
import io.backstop.core.risk.CascadeReport;
import io.backstop.core.risk.TailLossResult;
import io.backstop.core.risk.TailStatistics;
import io.backstop.core.sim.CancelledException;
import io.backstop.core.sim.InvalidExposureException;
import io.backstop.core.sim.Parallelism;
import io.backstop.core.sim.ProgressListener;
import io.backstop.core.sim.SimulationResult;
import io.backstop.proto.v1.AssessCollateralRequest;
import io.backstop.proto.v1.AssessCollateralResponse;
import io.backstop.proto.v1.GetModelInfoResponse;
import io.backstop.proto.v1.Provenance;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.QuoteProgress;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.proto.v1.StressTestResponse;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
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
          .setScenarios(RunSettings.DEFAULT_SCENARIOS)
          .setSeed(0)
          .setHorizonHours(RunSettings.DEFAULT_HORIZON_HOURS)
          .setStepMinutes(RunSettings.DEFAULT_STEP_MINUTES)
          .addAllConfidenceLevels(RunSettings.DEFAULT_CONFIDENCE_LEVELS)
          .build();

  /** Default probability of AssessCollateral's drop quantile (MODEL.md section 7). */
  public static final double DEFAULT_TARGET_PROBABILITY =
      CollateralAssessor.DEFAULT_TARGET_PROBABILITY;

  /**
   * Smallest target probability AssessCollateral accepts: a quantile further out than one in ten
   * thousand is not estimable from the scenario counts the limits allow.
   */
  public static final double MIN_TARGET_PROBABILITY = 1e-4;

  /** The default what-if's shock: every asset falls 30% ({@link #everyAssetFalls}). */
  public static final double DEFAULT_SHOCK = -0.30;

  /**
   * The default what-if of the stress test's own clients (the command line's {@code stress} without
   * {@code --shock}, {@code load --rpc stress}, the server's warm-up): every asset of the exposure
   * falls by {@link #DEFAULT_SHOCK}.
   */
  public static List<io.backstop.proto.v1.Shock> everyAssetFalls(
      io.backstop.proto.v1.ProtocolExposure exposure) {
    return exposure.getAssetsList().stream()
        .map(
            a ->
                io.backstop.proto.v1.Shock.newBuilder()
                    .setAssetId(a.getId())
                    .setShockFraction(DEFAULT_SHOCK)
                    .build())
        .toList();
  }

  /** Default cap on cascade rounds within one step or stress test. */
  public static final int DEFAULT_MAX_ROUNDS = CascadeEngine.DEFAULT_MAX_ROUNDS;

  private final RequestLimits limits;
  private final RequestValidator validator;
  private final CascadeEngine engine = CascadeEngine.DEFAULT;
  private final Parallelism parallelism;

  /**
   * @param limits the published request limits
   * @param validator Bean Validation for the core's records
   * @param parallelism where scenario blocks run: a bounded pool shared by every call, so the
   *     number of simulation threads never grows with the number of callers
   */
  public PricingApplication(RequestLimits limits, Validator validator, Parallelism parallelism) {
    this(limits, () -> validator, parallelism);
  }

  /** As above, with the Bean Validator asked for only when a request is first validated. */
  public PricingApplication(
      RequestLimits limits, Supplier<Validator> validator, Parallelism parallelism) {
    this.limits = limits;
    this.validator = new RequestValidator(validator, limits);
    this.parallelism = parallelism;
  }

  /** A bounded pool of one daemon thread per core, for callers without a container. */
  public static Parallelism corePool() {
    int workers = Runtime.getRuntime().availableProcessors();
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return new Parallelism(
        java.util.concurrent.Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "backstop-engine-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }),
        workers);
  }

  /**
   * An application outside the container (the command line, tests): the default limits, a
   * standalone validator and the given engine workers.
   */
  public static PricingApplication standalone(Parallelism engine) {
    return new PricingApplication(RequestLimits.DEFAULT, standaloneValidator(), engine);
  }

  /**
   * An application outside the container whose validator is {@link #validatorInBackground}'s: for
   * the command line, which starts the bootstrap before it reads the request file.
   */
  public static PricingApplication standalone(Parallelism engine, Supplier<Validator> validator) {
    return new PricingApplication(RequestLimits.DEFAULT, validator, engine);
  }

  /**
   * Starts {@link #standaloneValidator}'s bootstrap on another thread now (Hibernate Validator
   * loads some 500 classes: ≈ 0.4 s in a fresh JVM) and returns what waits for it, so that a
   * one-shot command overlaps it with reading its request; a command that validates nothing never
   * waits.
   */
  public static Supplier<Validator> validatorInBackground() {
    CompletableFuture<Validator> bootstrap =
        CompletableFuture.supplyAsync(PricingApplication::standaloneValidator);
    return () -> {
      try {
        return bootstrap.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    };
  }

  /** A validator bootstrapped without a container (the command line, tests). */
  public static Validator standaloneValidator() {
    return Validation.byDefaultProvider()
        .configure()
        .messageInterpolator(new ParameterMessageInterpolator())
        .buildValidatorFactory()
        .getValidator();
  }

  /** The exposure with the class defaults filled in, when the request asks for them. */
  private static ProtocolExposure withDefaults(
      io.backstop.proto.v1.ProtocolExposure sent, ProtocolExposure validated) {
    return sent.getApplyClassDefaults() ? ClassDefaults.withClassDefaults(validated) : validated;
  }

  /**
   * The published size limits of a simulation request, checked first and alone: they bound the work
   * of mapping and checking the book, which is then mapped once (not yet validated). The call's
   * estimated work is held to its limit by {@link #withinWork}, after the field checks: a bad field
   * (a latency of 380 years, a step longer than a denormal horizon) would make the estimate mean
   * nothing, and the caller is told of the field instead.
   */
  private ProtocolExposure withinSizeLimits(
      io.backstop.proto.v1.ProtocolExposure sent, RunSettings effective) {
    validator.check().exposureLimits(sent).settingsLimits(effective).throwIfAny();
    return ProtoMapper.exposure(sent);
  }

  /** The call's estimated work, of a validated request, held to its limit. */
  private RequestCost.Work withinWork(RequestCost.Work estimate) {
    validator.check().workLimit(estimate).throwIfAny();
    return estimate;
  }

  /**
   * The validated core inputs of a quote, and the estimate of its work (its progress's weights).
   */
  record QuoteInputs(
      ProtocolExposure exposure, CoverTerms cover, RunSettings settings, RequestCost.Work work) {}

  QuoteInputs validateQuote(QuoteCoverRequest request) {
    RunSettings sent = ProtoMapper.settings(request.getSettings());
    RunSettings effective = sent.withDefaults();
    var check = validator.check().settings(sent, effective);
    ProtocolExposure exposure = withinSizeLimits(request.getExposure(), effective);
    var c = request.getCover();
    CoverTerms cover =
        new CoverTerms(
            c.getAttachmentUsd(),
            c.getLimitUsd(),
            c.getTermDays(),
            c.getCostOfCapital(),
            c.getExpenseLoad());
    check.exposurePresent(request.hasExposure());
    check.quoteCover(request.hasCover(), cover, effective);
    check.enumNumbers(request.getExposure()).exposure(exposure);
    check.throwIfAny();
    RequestCost.Work work = withinWork(RequestCost.quote(exposure, effective));
    return new QuoteInputs(withDefaults(request.getExposure(), exposure), cover, effective, work);
  }

  /** The validated core inputs of a collateral assessment. */
  record CollateralInputs(
      ProtocolExposure exposure, double targetProbability, RunSettings settings) {}

  CollateralInputs validateCollateral(AssessCollateralRequest request) {
    RunSettings sent = ProtoMapper.settings(request.getSettings());
    RunSettings effective = sent.withDefaults();
    var check = validator.check().settings(sent, effective);
    ProtocolExposure exposure = withinSizeLimits(request.getExposure(), effective);
    double p = request.getTargetProbability();
    check
        .exposurePresent(request.hasExposure())
        .enumNumbers(request.getExposure())
        .exposure(exposure)
        .targetProbability(p)
        .throwIfAny();
    withinWork(RequestCost.collateral(exposure, effective));
    return new CollateralInputs(
        withDefaults(request.getExposure(), exposure),
        p == 0 ? DEFAULT_TARGET_PROBABILITY : p,
        effective);
  }

  /** The validated core inputs of a stress test. */
  record StressInputs(ProtocolExposure exposure, List<Shock> shocks, int maxRounds) {}

  StressInputs validateStress(StressTestRequest request) {
    validator
        .check()
        .exposureLimits(request.getExposure())
        .limit("shocks", request.getShocksCount(), limits.maxShocks(), "shocks")
        .throwIfAny();
    var check =
        validator.check().exposurePresent(request.hasExposure()).maxRounds(request.getMaxRounds());
    ProtocolExposure exposure = ProtoMapper.exposure(request.getExposure());
    List<Shock> shocks = ProtoMapper.shocks(request.getShocksList());
    check.enumNumbers(request.getExposure()).exposure(exposure).shocks(exposure, shocks);
    check.throwIfAny();
    return new StressInputs(
        withDefaults(request.getExposure(), exposure),
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
        .addAllClassDefaults(ResponseMapper.classDefaults(ClassDefaults.all()))
        .addAllAvailableRpcs(
            List.of(
                "QuoteCover", "StreamQuoteCover", "AssessCollateral", "StressTest", "GetModelInfo"))
        .build();
  }

  /** Prices a cover layer (QuoteCover and StreamQuoteCover). */
  public QuoteCoverResponse quote(QuoteCoverRequest request, CallContext context) {
    long started = System.nanoTime();
    QuoteInputs in = validateQuote(request);
    context.checkAlive();
    RunSettings settings = in.settings();
    // The call's progress is its work done: the simulation's share of the estimate validation
    // made, then the collateral runs' (the statistics, premium and report between them are a few
    // milliseconds).
    double simulationShare = (double) in.work().simulation() / Math.max(1, in.work().total());
    CallProgress progress = new CallProgress(context, started);
    SimulationResult sim = simulate(in.exposure(), settings, simulationShare, progress, context);
    int n = sim.netLossUsd().length;
    progress.report("statistics", simulationShare, n, n);
    double[] confidence =
        settings.confidenceLevels().stream().mapToDouble(Double::doubleValue).toArray();
    TailLossResult tail =
        TailStatistics.DEFAULT.compute(
            sim.netLossUsd(), TailStatistics.mean(sim.grossLossUsd()), confidence);
    context.checkAlive();
    PremiumQuote premium =
        CoverPricer.DEFAULT.price(
            sim.grossLossUsd(),
            in.exposure().controls().insuranceFundUsd(),
            in.cover(),
            settings.horizonHours(),
            settings.seed());
    context.checkAlive();
    CascadeReport cascade = engine.cascade(in.exposure());
    progress.report("collateral", simulationShare, n, n);
    List<CollateralRecommendation> collateral =
        assessCollateral(
            in.exposure(),
            settings,
            CollateralAssessor.DEFAULT_TARGET_PROBABILITY,
            sim,
            (done, total) ->
                progress.report(
                    "collateral",
                    simulationShare + (1 - simulationShare) * done / Math.max(1, total),
                    n,
                    n),
            context);
    return QuoteCoverResponse.newBuilder()
        .setPremium(ResponseMapper.premium(premium))
        .setTailLoss(ResponseMapper.tailLoss(tail))
        .setCascade(ResponseMapper.cascade(cascade, sim))
        .addAllCollateral(ResponseMapper.collateral(collateral))
        .setProvenance(provenance(request, context, settings, started))
        .build();
  }

  private List<CollateralRecommendation> assessCollateral(
      ProtocolExposure exposure,
      RunSettings settings,
      double targetProbability,
      SimulationResult simulated,
      ProgressListener progress,
      CallContext context) {
    try {
      return CollateralAssessor.DEFAULT.assess(
          exposure,
          settings,
          targetProbability,
          simulated,
          parallelism,
          progress,
          context::isCancelled);
    } catch (CancelledException e) {
      throw stopped(context, e);
    }
  }

  /** The premium's simulation, its progress reported as {@code share} of the call's work. */
  private SimulationResult simulate(
      ProtocolExposure exposure,
      RunSettings settings,
      double share,
      CallProgress progress,
      CallContext context) {
    try {
      long[] counted = {0};
      SimulationResult result =
          engine.simulate(
              exposure,
              settings,
              parallelism,
              (done, total) -> {
                progress.report(
                    "simulate", share * done / Math.max(1, total), (int) done, (int) total);
                synchronized (counted) {
                  if (done > counted[0]) {
                    context.metrics().scenariosSimulated(done - counted[0]);
                    counted[0] = done;
                  }
                }
              },
              context::isCancelled);
      return result;
    } catch (CancelledException e) {
      throw stopped(context, e);
    } catch (InvalidExposureException e) {
      throw new BackstopException.InvalidRequest(
          e.violations().stream()
              .map(
                  v ->
                      new FieldViolation(
                          RequestValidator.protoPath("exposure", v.path(), exposure), v.message()))
              .toList());
    }
  }

  /**
   * A call's progress events: {@code fraction} of the call's work done (its estimate's parts, see
   * {@link #quote}), the time left extrapolated from the time since the call started. Workers
   * report concurrently and slightly out of order (ProgressListener); the events go out one at a
   * time with the largest fraction and scenario count seen, so that neither ever goes back.
   */
  private static final class CallProgress {
    private final CallContext context;
    private final long startedNanos;
    private double fraction;
    private int scenariosDone;

    CallProgress(CallContext context, long startedNanos) {
      this.context = context;
      this.startedNanos = startedNanos;
    }

    synchronized void report(String stage, double fraction, int done, int total) {
      this.fraction = Math.max(this.fraction, fraction);
      this.scenariosDone = Math.max(this.scenariosDone, done);
      double elapsed = (System.nanoTime() - startedNanos) / 1e9;
      double f = this.fraction;
      double left = f > 0 ? elapsed * (1 - f) / f : Double.NaN;
      context
          .progress()
          .accept(
              QuoteProgress.newBuilder()
                  .setStage(stage)
                  .setFractionDone(f)
                  .setScenariosDone(scenariosDone)
                  .setScenariosTotal(total)
                  .setEstimatedSecondsLeft(Double.isNaN(left) ? 0 : left)
                  .build());
    }
  }

  /**
   * The failure a call sees when the engine stopped at its token: the deadline's or the client's,
   * as {@link CallContext#checkAlive} tells them apart, else a plain cancellation.
   */
  private static BackstopException stopped(CallContext context, CancelledException e) {
    context.checkAlive();
    return new BackstopException.Cancelled("the call was cancelled: " + e.getMessage());
  }

  private static Provenance provenance(
      com.google.protobuf.Message request,
      CallContext context,
      RunSettings settings,
      long startedNanos) {
    String sha = context.requestSha256(request);
    Provenance.Builder b =
        Provenance.newBuilder()
            .setQuoteId(RequestDigest.quoteId(sha))
            .setModelVersion(ModelVersion.CURRENT)
            .setRequestSha256(sha)
            .setElapsedMillis((System.nanoTime() - startedNanos) / 1_000_000);
    if (settings != null) {
      b.setSeed(settings.seed())
          .setScenarios(settings.scenarios())
          .setHorizonHours(settings.horizonHours())
          .setStepMinutes(settings.effectiveStepMinutes());
    }
    return b.build();
  }

  /** Risk-adjusted collateral parameters (AssessCollateral). */
  public AssessCollateralResponse assessCollateral(
      AssessCollateralRequest request, CallContext context) {
    long started = System.nanoTime();
    CollateralInputs in = validateCollateral(request);
    context.checkAlive();
    List<CollateralRecommendation> collateral =
        assessCollateral(
            in.exposure(),
            in.settings(),
            in.targetProbability(),
            null,
            ProgressListener.NONE,
            context);
    return AssessCollateralResponse.newBuilder()
        .addAllCollateral(ResponseMapper.collateral(collateral))
        .setProvenance(provenance(request, context, in.settings(), started))
        .build();
  }

  /** Deterministic what-if cascade (StressTest). */
  public StressTestResponse stress(StressTestRequest request, CallContext context) {
    long started = System.nanoTime();
    StressInputs in = validateStress(request);
    context.checkAlive();
    StressResult result;
    try {
      result = engine.stress(in.exposure(), in.shocks(), in.maxRounds(), context::isCancelled);
    } catch (CancelledException e) {
      throw stopped(context, e);
    }
    return ResponseMapper.stress(result)
        .setProvenance(provenance(request, context, null, started))
        .build();
  }
}
