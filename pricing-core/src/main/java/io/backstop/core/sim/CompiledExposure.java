package io.backstop.core.sim;

import io.backstop.core.market.CrossImpactMatrix;
import io.backstop.core.market.ImpactDecay;
import io.backstop.core.market.MarketDepth;
import io.backstop.core.model.Asset;
import io.backstop.core.model.Controls;
import io.backstop.core.model.Correlation;
import io.backstop.core.model.ExposureRules;
import io.backstop.core.model.JumpProcess;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.Oracle;
import io.backstop.core.model.OracleKind;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.model.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * A request compiled once into primitive arrays for the hot loops: everything that does not change
 * during a run (per-step volatilities, drifts, decay factors, oracle lags in steps, the square root
 * of the correlation matrix, loans sorted by initial health). Internal to the core: its public
 * fields are read-only views shared by {@code sim} and {@code risk}; never modify them.
 */
public final class CompiledExposure {
  /** Oracle reading the live market price (no oracle block, or a lag of zero steps). */
  static final int ORACLE_LIVE = 0;

  static final int ORACLE_SPOT = 1;
  static final int ORACLE_TWAP = 2;
  static final int ORACLE_PUSH = 3;

  /** Asset ids in request order; index k everywhere. */
  public final List<String> assetIds;

  /** Asset index by id. */
  public final Map<String, Integer> assetIndex;

  /** Number of assets K. */
  public final int assets;

  /** Initial prices P0, USD. */
  public final double[] initialPrice;

  /** Execution on the depth curves. */
  public final MarketDepth depth;

  /** Cross-impact X = I + C. */
  public final CrossImpactMatrix crossImpact;

  /** Permanent fraction of impact per asset. */
  public final double[] permanentFraction;

  /** Loans, sorted by initial health factor P0 Q LT / D (least healthy first). */
  public final int buckets;

  /** Collateral asset index per loan bucket. */
  public final int[] bucketAsset;

  /** Collateral quantity per loan bucket at the start. */
  public final double[] bucketQuantity;

  /** Debt per loan bucket at the start, USD. */
  public final double[] bucketDebt;

  /** Liquidation threshold per loan bucket. */
  public final double[] bucketThreshold;

  /** Liquidation bonus per loan bucket. */
  public final double[] bucketBonus;

  /** Close factor per loan bucket (neutral 0 already replaced by 1). */
  public final double[] bucketCloseFactor;

  /** Number of loans per loan bucket (neutral 0 already replaced by 1). */
  public final double[] bucketLoans;

  /** Number of options. */
  public final int options;

  /** Underlying asset index per option. */
  public final int[] optionAsset;

  /** Option type per option. */
  public final OptionType[] optionType;

  /** Strike per option, USD. */
  public final double[] optionStrike;

  /** Time to expiry at the start, years of 365 days. */
  public final double[] optionExpiryYears;

  /** Implied volatility per option. */
  public final double[] optionVol;

  /** dealerSign x openInterest per option. */
  public final double[] optionWeight;

  /** True for a call, per option. */
  final boolean[] optionCall;

  /**
   * Options grouped by underlying, each group in option order: the options on asset k are {@code
   * optionByAsset[optionAssetStart[k] .. optionAssetStart[k + 1] - 1]}.
   */
  final int[] optionAssetStart;

  final int[] optionByAsset;

  /** Assets with at least one option, ascending. */
  final int[] hedgedAssets;

  /** Math.exp(-jumpMeanPerStep), the Poisson draw's first term, per asset. */
  final double[] jumpExpMinusMean;

  /** True when liquidations are paused for good. */
  public final boolean liquidationsPaused;

  /** Insurance fund, USD. */
  public final double insuranceFundUsd;

  // Per-run (step-dependent) quantities, package-private for the simulation.
  final int steps;
  final double stepYears;
  final double[] volPerStep;
  final double[] varPerStepHalf;
  final double[] jumpMeanPerStep;
  final double[] jumpMean;
  final double[] jumpStd;
  final double[] jumpCompensatorPerStep;
  // Student-t tails by group of equal dof, the groups in increasing dof: group g's chi-square is
  // group g - 1's plus an independent one with the difference of their dofs (model 0.8.0), whose
  // draw's constants (RandomStream) are kept per group.
  final int[] dofGroup;
  final double[] dofValues;
  final double[] chiSquareD;
  final double[] chiSquareC;
  final double[] chiSquareBoost;
  final double[] correlationRoot;
  final double[] decayPerStep;
  final double[] exitCapacityPerStepUsd;
  final int[] settlementSteps;
  final int maxSettlementSteps;
  final int[] oracleKind;
  final int[] oracleLagSteps;
  final int[] twapSamples;
  final double[] pushThreshold;
  final int[] heartbeatSteps;
  final int historyLength;
  final double rateLimitUsdPerStep;
  final double capacityUsdPerStep;
  final boolean hasBreaker;
  final double breakerDrop;
  final int breakerWindowSteps;
  final int breakerPauseSteps;

  /**
   * The book of a Monte Carlo run at {@code settings} (defaults applied): its steps and step.
   *
   * @throws InvalidExposureException when {@link ExposureRules} finds violations
   */
  public static CompiledExposure of(ProtocolExposure exposure, RunSettings settings) {
    RunSettings s = settings.withDefaults();
    return new CompiledExposure(exposure, s.steps(), s.effectiveStepMinutes());
  }

  /**
   * Compiles an exposure for a run with {@code steps} steps of {@code stepMinutes}.
   *
   * @throws InvalidExposureException when {@link ExposureRules} finds violations
   */
  public CompiledExposure(ProtocolExposure exposure, int steps, double stepMinutes) {
    List<Violation> violations = ExposureRules.check(exposure);
    if (!violations.isEmpty()) {
      throw new InvalidExposureException(violations);
    }
    List<Asset> list = exposure.assets();
    assets = list.size();
    List<String> ids = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < assets; k++) {
      ids.add(list.get(k).id());
      index.put(list.get(k).id(), k);
    }
    assetIds = List.copyOf(ids);
    assetIndex = Map.copyOf(index);
    this.steps = steps;
    double stepSeconds = stepMinutes * 60;
    stepYears = stepMinutes / (365.0 * 24 * 60);
    initialPrice = new double[assets];
    volPerStep = new double[assets];
    varPerStepHalf = new double[assets];
    jumpMeanPerStep = new double[assets];
    jumpMean = new double[assets];
    jumpStd = new double[assets];
    jumpCompensatorPerStep = new double[assets];
    dofGroup = new int[assets];
    permanentFraction = new double[assets];
    decayPerStep = new double[assets];
    exitCapacityPerStepUsd = new double[assets];
    settlementSteps = new int[assets];
    oracleKind = new int[assets];
    oracleLagSteps = new int[assets];
    twapSamples = new int[assets];
    pushThreshold = new double[assets];
    heartbeatSteps = new int[assets];
    dofValues =
        list.stream()
            .mapToDouble(Asset::tailDof)
            .filter(dof -> dof > 0)
            .distinct()
            .sorted()
            .toArray();
    // Durations in steps (oracle lag, heartbeat, settlement delay, breaker window and pause) are
    // capped at steps + 1: one that long already reaches past the horizon's last step, so a longer
    // one behaves the same, and arrays sized by them stay within the run's length whatever the
    // request says (a year of latency at one-minute steps would otherwise ask for 500,000 samples
    // of history per asset and worker).
    int beyondHorizon = steps + 1;
    int history = 1;
    int maxSettlement = 0;
    for (int k = 0; k < assets; k++) {
      Asset a = list.get(k);
      initialPrice[k] = a.priceUsd();
      volPerStep[k] = a.annualVolatility() * Math.sqrt(stepYears);
      varPerStepHalf[k] = 0.5 * volPerStep[k] * volPerStep[k];
      JumpProcess jump = a.jump();
      if (jump != null && jump.intensityPerYear() > 0) {
        jumpMeanPerStep[k] = jump.intensityPerYear() * stepYears;
        jumpMean[k] = jump.meanLogJump();
        jumpStd[k] = jump.stdLogJump();
        jumpCompensatorPerStep[k] =
            jumpMeanPerStep[k]
                * (Math.exp(jump.meanLogJump() + 0.5 * jump.stdLogJump() * jump.stdLogJump()) - 1);
      }
      dofGroup[k] = a.tailDof() > 0 ? Arrays.binarySearch(dofValues, a.tailDof()) : -1;
      Liquidity liquidity = a.liquidity();
      if (liquidity != null) {
        permanentFraction[k] = liquidity.permanentFraction();
        decayPerStep[k] = ImpactDecay.factorPerStep(stepMinutes, liquidity.halfLifeMinutes());
        exitCapacityPerStepUsd[k] =
            liquidity.exitCapacityUsdPerHour() > 0
                ? liquidity.exitCapacityUsdPerHour() * stepMinutes / 60
                : Double.POSITIVE_INFINITY;
        settlementSteps[k] =
            stepsAtMost(liquidity.settlementDelayHours() * 60 / stepMinutes, beyondHorizon);
        maxSettlement = Math.max(maxSettlement, settlementSteps[k]);
      } else {
        decayPerStep[k] = 1;
        exitCapacityPerStepUsd[k] = Double.POSITIVE_INFINITY;
      }
      Oracle o = a.oracle();
      if (o != null) {
        int lag = stepsAtMost(o.latencySeconds() / stepSeconds, beyondHorizon);
        oracleLagSteps[k] = lag;
        if (o.kind() == OracleKind.TWAP) {
          oracleKind[k] = ORACLE_TWAP;
          // Not capped at the horizon: the samples before time 0 (at P0) count in the average.
          twapSamples[k] =
              Math.max(1, stepsAtMost(o.twapWindowMinutes() / stepMinutes, Integer.MAX_VALUE));
        } else if (o.kind() == OracleKind.PUSH) {
          oracleKind[k] = ORACLE_PUSH;
          pushThreshold[k] = o.deviationThresholdFraction();
          heartbeatSteps[k] =
              o.heartbeatSeconds() > 0
                  ? Math.max(1, stepsAtMost(o.heartbeatSeconds() / stepSeconds, beyondHorizon))
                  : 0;
        } else {
          oracleKind[k] = lag == 0 ? ORACLE_LIVE : ORACLE_SPOT;
        }
        history = (int) Math.min(Math.max(history, (long) lag + twapSamples[k] + 1), beyondHorizon);
      }
    }
    jumpExpMinusMean = new double[assets];
    for (int k = 0; k < assets; k++) {
      jumpExpMinusMean[k] = Math.exp(-jumpMeanPerStep[k]);
    }
    chiSquareD = new double[dofValues.length];
    chiSquareC = new double[dofValues.length];
    chiSquareBoost = new double[dofValues.length];
    for (int g = 0; g < dofValues.length; g++) {
      double increment = g == 0 ? dofValues[0] : dofValues[g] - dofValues[g - 1];
      chiSquareD[g] = RandomStream.chiSquareBoostedD(increment);
      chiSquareC[g] = RandomStream.chiSquareC(chiSquareD[g]);
      chiSquareBoost[g] = RandomStream.chiSquareBoost(increment);
    }
    maxSettlementSteps = maxSettlement;
    correlationRoot = correlationRoot(exposure, index, assets);
    depth = new MarketDepth(list);
    crossImpact = new CrossImpactMatrix(assets, exposure.crossImpacts(), index);

    Controls controls = exposure.controls();
    liquidationsPaused = controls.liquidationsPaused();
    insuranceFundUsd = controls.insuranceFundUsd();
    rateLimitUsdPerStep =
        controls.rateLimit() != null
            ? controls.rateLimit().maxLiquidationUsdPerStep()
            : Double.POSITIVE_INFINITY;
    capacityUsdPerStep =
        controls.liquidatorCapacityUsdPerStep() > 0
            ? controls.liquidatorCapacityUsdPerStep()
            : Double.POSITIVE_INFINITY;
    hasBreaker = controls.circuitBreaker() != null;
    if (hasBreaker) {
      breakerDrop = controls.circuitBreaker().dropFraction();
      breakerWindowSteps =
          Math.max(
              1,
              stepsAtMost(controls.circuitBreaker().windowMinutes() / stepMinutes, beyondHorizon));
      breakerPauseSteps =
          Math.max(
              1,
              stepsAtMost(
                  RunSettings.stepsCovering(controls.circuitBreaker().pauseMinutes(), stepMinutes),
                  beyondHorizon));
    } else {
      breakerDrop = 0;
      breakerWindowSteps = 0;
      breakerPauseSteps = 0;
    }
    historyLength = history + 1;

    List<LoanBucket> loans = new ArrayList<>(exposure.loanBuckets());
    loans.sort(
        (x, y) ->
            Double.compare(
                health(x, initialPrice[index.get(x.collateralAssetId())]),
                health(y, initialPrice[index.get(y.collateralAssetId())])));
    buckets = loans.size();
    bucketAsset = new int[buckets];
    bucketQuantity = new double[buckets];
    bucketDebt = new double[buckets];
    bucketThreshold = new double[buckets];
    bucketBonus = new double[buckets];
    bucketCloseFactor = new double[buckets];
    bucketLoans = new double[buckets];
    for (int b = 0; b < buckets; b++) {
      LoanBucket loan = loans.get(b);
      bucketAsset[b] = index.get(loan.collateralAssetId());
      bucketQuantity[b] = loan.collateralQuantity();
      bucketDebt[b] = loan.debtUsd();
      bucketThreshold[b] = loan.liquidationThreshold();
      bucketBonus[b] = loan.liquidationBonus();
      bucketCloseFactor[b] = loan.effectiveCloseFactor();
      bucketLoans[b] = loan.effectiveCount();
    }

    List<OptionPosition> book = exposure.options();
    options = book.size();
    optionAsset = new int[options];
    optionType = new OptionType[options];
    optionStrike = new double[options];
    optionExpiryYears = new double[options];
    optionVol = new double[options];
    optionWeight = new double[options];
    for (int i = 0; i < options; i++) {
      OptionPosition o = book.get(i);
      optionAsset[i] = index.get(o.assetId());
      optionType[i] = o.optionType();
      optionStrike[i] = o.strikeUsd();
      optionExpiryYears[i] = o.expiryDays() / 365.0;
      optionVol[i] = o.impliedVolatility();
      optionWeight[i] = o.dealerSign() * o.openInterest();
    }
    optionCall = new boolean[options];
    optionAssetStart = new int[assets + 1];
    optionByAsset = new int[options];
    int hedged = 0;
    for (int i = 0; i < options; i++) {
      optionCall[i] = optionType[i] == OptionType.CALL;
      optionAssetStart[optionAsset[i] + 1]++;
    }
    for (int k = 0; k < assets; k++) {
      hedged += optionAssetStart[k + 1] > 0 ? 1 : 0;
      optionAssetStart[k + 1] += optionAssetStart[k];
    }
    int[] fill = Arrays.copyOf(optionAssetStart, assets);
    for (int i = 0; i < options; i++) {
      optionByAsset[fill[optionAsset[i]]++] = i;
    }
    hedgedAssets = new int[hedged];
    for (int k = 0, h = 0; k < assets; k++) {
      if (hedged(k)) {
        hedgedAssets[h++] = k;
      }
    }
  }

  /** Asset k has options, whose dealers hedge in it: it is one of {@link #hedgedAssets}. */
  boolean hedged(int k) {
    return optionAssetStart[k + 1] > optionAssetStart[k];
  }

  /**
   * Option i has expired by time {@code years}: settled in cash at its expiry, it has left the
   * dealers' book (docs/model.md, the dealer hedge). Every hedge of the simulation asks this at the
   * same {@code years}, so the table and the exact deltas agree on it to the bit.
   */
  boolean optionExpired(int i, double years) {
    return !(optionExpiryYears[i] - years > 0);
  }

  /**
   * The time of step {@code step}'s hedge, its end, in years: the one expression the worker's
   * cascade, the delta table's volatilities and its exact deltas use, so that they agree on an
   * option's time value and expiry to the bit.
   */
  double hedgeYears(int step) {
    return (step + 1) * stepYears;
  }

  /**
   * {@code steps} rounded to the nearest whole step, at most {@code cap} (also when the value
   * exceeds a long or an int).
   */
  static int stepsAtMost(double steps, int cap) {
    return (int) Math.min(Math.round(steps), cap);
  }

  private static double health(LoanBucket loan, double price) {
    return loan.debtUsd() > 0
        ? price * loan.collateralQuantity() * loan.liquidationThreshold() / loan.debtUsd()
        : Double.POSITIVE_INFINITY;
  }

  /**
   * A square root R of the correlation matrix C (R R' = C), row-major K x K: the lower Cholesky
   * factor L when C is positive definite, else V sqrt(max(Lambda, 0)) from the symmetric eigen
   * decomposition, which also serves a positive semi-definite but singular C (perfectly correlated
   * assets).
   */
  static double[] correlationRoot(ProtocolExposure exposure, Map<String, Integer> index, int n) {
    DMatrixRMaj c = CommonOps_DDRM.identity(n);
    for (Correlation entry : exposure.correlations()) {
      int a = index.get(entry.assetA());
      int b = index.get(entry.assetB());
      c.set(a, b, entry.correlation());
      c.set(b, a, entry.correlation());
    }
    CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(n, true);
    DMatrixRMaj work = c.copy();
    if (cholesky.decompose(work)) {
      DMatrixRMaj l = cholesky.getT(null);
      boolean finite = true;
      for (double v : l.data) {
        finite &= Double.isFinite(v);
      }
      if (finite) {
        return Arrays.copyOf(l.data, n * n);
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
    if (!eig.decompose(c.copy())) {
      throw new NumericalException(
          "eigen decomposition of the correlation matrix did not converge");
    }
    double[] root = new double[n * n];
    for (int j = 0; j < n; j++) {
      double lambda = Math.sqrt(Math.max(eig.getEigenvalue(j).getReal(), 0));
      DMatrixRMaj v = eig.getEigenVector(j);
      for (int i = 0; i < n; i++) {
        root[i * n + j] = v.get(i) * lambda;
      }
    }
    return root;
  }
}
