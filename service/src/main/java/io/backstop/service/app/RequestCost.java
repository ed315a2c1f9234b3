package io.backstop.service.app;

import io.backstop.core.WorkEstimate;
import io.backstop.core.model.RunSettings;
import io.backstop.core.pricing.CollateralAssessor;
import io.backstop.proto.v1.ProtocolExposure;

/**
 * The admission cost of a request, in work units: the engine's estimated nanoseconds on one core of
 * the reference machine ({@link WorkEstimate}; docs/operations.md, "Admission control"). A quote
 * costs its Monte Carlo plus the collateral assessment it includes (whose base cascade run the
 * quote's own simulation serves when their horizons match), AssessCollateral its assessment, a
 * stress test its rounds. Computed from the raw message before validation, on the transport's
 * thread, in one pass over the book: any message gives a finite, positive cost. A request that
 * validation refuses for its size — a book over the published size limits (not walked), estimated
 * work over {@code max_work_units}, more rounds than {@code max_rounds} — costs {@value
 * #OVER_LIMITS}: admitted at once and refused at once, it neither waits for the server to empty (as
 * a cost above the budget would) nor holds the calls queued behind it.
 */
public final class RequestCost {
  /** The cost of a request that validation refuses for its size. */
  public static final long OVER_LIMITS = 1;

  private RequestCost() {}

  /**
   * The book is within the published size limits: one that is not, validation refuses at once, so
   * it is not walked and costs {@link #OVER_LIMITS}.
   */
  private static boolean withinLimits(ProtocolExposure e, RequestLimits limits) {
    return e.getAssetsCount() <= limits.maxAssets()
        && e.getLoanBucketsCount() <= limits.maxLoanBuckets()
        && e.getOptionsCount() <= limits.maxOptions();
  }

  /** A call's work in its two parts: the premium's simulation and the collateral assessment. */
  public record Work(long simulation, long collateral) {
    /** The whole, saturating. */
    public long total() {
      return saturatingAdd(simulation, collateral);
    }
  }

  /** Cost of a quote (QuoteCover, StreamQuoteCover) from the raw message, for admission. */
  public static long ofQuote(
      ProtocolExposure exposure, io.backstop.proto.v1.RunSettings settings, RequestLimits limits) {
    return withinLimits(exposure, limits)
        ? admissible(
            quote(ProtoMapper.exposure(exposure), ProtoMapper.settings(settings)).total(), limits)
        : OVER_LIMITS;
  }

  /** Cost of a collateral assessment (AssessCollateral) from the raw message, for admission. */
  public static long ofCollateral(
      ProtocolExposure exposure, io.backstop.proto.v1.RunSettings settings, RequestLimits limits) {
    return withinLimits(exposure, limits)
        ? admissible(
            collateral(ProtoMapper.exposure(exposure), ProtoMapper.settings(settings)).total(),
            limits)
        : OVER_LIMITS;
  }

  /** {@code work}, or {@link #OVER_LIMITS} when validation refuses it as over max_work_units. */
  private static long admissible(long work, RequestLimits limits) {
    return work > limits.maxWorkUnits() ? OVER_LIMITS : work;
  }

  /**
   * A quote's work: its simulation and its collateral runs. Settings with a non-finite horizon or
   * step, which validation refuses at once, cost {@link #OVER_LIMITS} (they would otherwise count
   * as the largest request and wait for everything else to finish).
   */
  public static Work quote(io.backstop.core.model.ProtocolExposure e, RunSettings sent) {
    RunSettings s = sent.withDefaults();
    return finite(s)
        ? new Work(WorkEstimate.simulation(e, s), CollateralAssessor.DEFAULT.work(e, s, s))
        : new Work(OVER_LIMITS, 0);
  }

  /** A collateral assessment's work (see {@link #quote} for non-finite settings). */
  public static Work collateral(io.backstop.core.model.ProtocolExposure e, RunSettings sent) {
    RunSettings s = sent.withDefaults();
    return new Work(0, finite(s) ? CollateralAssessor.DEFAULT.work(e, s, null) : OVER_LIMITS);
  }

  private static boolean finite(RunSettings s) {
    return Double.isFinite(s.horizonHours()) && Double.isFinite(s.stepMinutes());
  }

  /** Cost of a deterministic stress test of at most {@code maxRounds} rounds (0: the default). */
  public static long ofStress(ProtocolExposure exposure, int maxRounds, RequestLimits limits) {
    if (!withinLimits(exposure, limits) || maxRounds > limits.maxRounds()) {
      return OVER_LIMITS;
    }
    int rounds = maxRounds <= 0 ? PricingApplication.DEFAULT_MAX_ROUNDS : maxRounds;
    return WorkEstimate.stress(ProtoMapper.exposure(exposure), rounds);
  }

  /** a + b, or Long.MAX_VALUE when it would overflow (inputs are non-negative). */
  public static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
