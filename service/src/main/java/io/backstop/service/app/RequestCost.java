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
 * thread, in one pass over the book: any message gives a finite, non-negative cost, saturating at
 * {@link Long#MAX_VALUE}. A book over the published size limits costs {@value #OVER_LIMITS}: it is
 * not walked, and validation refuses it as soon as it is admitted.
 */
public final class RequestCost {
  /** The cost of a request whose book is over the published size limits. */
  public static final long OVER_LIMITS = 1;

  private RequestCost() {}

  /**
   * The book is within the published size limits and the run's horizon and step are finite: what is
   * not, validation refuses at once, so it is not walked and costs {@link #OVER_LIMITS} (a NaN step
   * would otherwise count as the largest request and wait for everything else to finish).
   */
  private static boolean withinLimits(
      ProtocolExposure e, io.backstop.proto.v1.RunSettings settings, RequestLimits limits) {
    return e.getAssetsCount() <= limits.maxAssets()
        && e.getLoanBucketsCount() <= limits.maxLoanBuckets()
        && e.getOptionsCount() <= limits.maxOptions()
        && (settings == null
            || (Double.isFinite(settings.getHorizonHours())
                && Double.isFinite(settings.getStepMinutes())));
  }

  /** A call's work in its two parts: the premium's simulation and the collateral assessment. */
  public record Work(long simulation, long collateral) {
    /** The whole, saturating. */
    public long total() {
      return saturatingAdd(simulation, collateral);
    }
  }

  /** Cost of a quote (QuoteCover, StreamQuoteCover): its simulation and its collateral runs. */
  public static long ofQuote(
      ProtocolExposure exposure, io.backstop.proto.v1.RunSettings settings, RequestLimits limits) {
    return quote(exposure, settings, limits).total();
  }

  /** The parts of {@link #ofQuote}. */
  public static Work quote(
      ProtocolExposure exposure, io.backstop.proto.v1.RunSettings settings, RequestLimits limits) {
    if (!withinLimits(exposure, settings, limits)) {
      return new Work(OVER_LIMITS, 0);
    }
    RunSettings s = ProtoMapper.settings(settings).withDefaults();
    var e = ProtoMapper.exposure(exposure);
    return new Work(WorkEstimate.simulation(e, s), CollateralAssessor.DEFAULT.work(e, s, s));
  }

  /** Cost of a collateral assessment (AssessCollateral). */
  public static long ofCollateral(
      ProtocolExposure exposure, io.backstop.proto.v1.RunSettings settings, RequestLimits limits) {
    return collateral(exposure, settings, limits).total();
  }

  /** The parts of {@link #ofCollateral}: the collateral assessment alone. */
  public static Work collateral(
      ProtocolExposure exposure, io.backstop.proto.v1.RunSettings settings, RequestLimits limits) {
    if (!withinLimits(exposure, settings, limits)) {
      return new Work(0, OVER_LIMITS);
    }
    RunSettings s = ProtoMapper.settings(settings).withDefaults();
    return new Work(0, CollateralAssessor.DEFAULT.work(ProtoMapper.exposure(exposure), s, null));
  }

  /** Cost of a deterministic stress test of at most {@code maxRounds} rounds (0: the default). */
  public static long ofStress(ProtocolExposure exposure, int maxRounds, RequestLimits limits) {
    if (!withinLimits(exposure, null, limits)) {
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
