package io.backstop.core.pricing;

import io.backstop.core.CascadeEngine;
import io.backstop.core.WorkEstimate;
import io.backstop.core.market.Execution;
import io.backstop.core.market.MarketDepth;
import io.backstop.core.model.Asset;
import io.backstop.core.model.Controls;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.Oracle;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.risk.TailStatistics;
import io.backstop.core.sim.CancellationToken;
import io.backstop.core.sim.Parallelism;
import io.backstop.core.sim.ProgressListener;
import io.backstop.core.sim.SimulationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Risk-adjusted collateral parameters (MODEL.md section 7): for every asset that backs at least one
 * loan bucket, the liquidation horizon, the haircut d and its parts, the liquidation bonus b, the
 * liquidation threshold LT, the maximum LTV and the collateral ratio, in the base, a high- and a
 * low-volatility regime. Stateless and thread-safe; the engine is used only through {@link
 * CascadeEngine}.
 *
 * <h2>Standard position and liquidation horizon</h2>
 *
 * The standard position is the largest single loan's collateral: u = max over the asset's buckets
 * of quantity / count (loans in a bucket are identical), worth U = u P0. It is what one liquidation
 * must sell at worst when a whole loan is closed. Then, with dt the run's step:
 *
 * <pre>
 *   oracle lag      = latency (+ TWAP window / 2: the lag of a moving average behind a trend)
 *   time to sell    = U / exit capacity (0 when unlimited) + the class's auction time
 *   trading part    = the settlement delay, then the time to sell (seized units reach the market
 *                     the delay later and sell from that step on)
 *   steps           = round(lag / dt) + round(settlement / dt) + max(1, ceil(time to sell / dt))
 *   h               = steps x dt           (reported as liquidationHorizonHours)
 * </pre>
 *
 * A push oracle's heartbeat is not a lag in a falling market (the deviation trigger fires first);
 * its deviation threshold delta is a price gap instead: the oracle may sit up to delta above the
 * market when the liquidation triggers.
 *
 * <h2>Haircut</h2>
 *
 * Three Monte Carlo runs of the whole exposure through {@link CascadeEngine#simulate}, all with the
 * request's seed and scenario count and the same step dt (common random numbers: a scenario's first
 * n steps are the same draws in every run), give per asset the worst drop 1 - min_t P_t / P0 in
 * each scenario; q is its lower (1 - p) quantile ({@link TailStatistics} VaR):
 *
 * <ul>
 *   <li>q_V: exogenous run over the trading part: no liquidity (no impact), no oracle, no loans, no
 *       options, liquidations paused, so only the exogenous moves (volatility, t tails, jumps,
 *       correlation) remain;
 *   <li>q_H: the same run over the whole horizon h;
 *   <li>q_C: the exposure as given over h: liquidations, dealer hedges, depth, oracles, controls.
 * </ul>
 *
 * The parts are those of {@link Haircut}: volatility q_V, oracle lag (q_H - q_V)^+ plus the push
 * gap, cascade (q_C - max(q_V, q_H))^+, slippage s of the standard position executed on the asset's
 * depth curve from P0 (1 - proceeds / (u P0); on a bid ladder, units the ladder cannot take are
 * valued at its last level), applied to the dropped price; d = 1 - (1 - m)(1 - delta)(1 - s) with m
 * = max(q_V, q_H, q_C), equal to the sum of the parts. The cascade part is floored at 0 so that a
 * stabilising book (dealers long gamma buying the dip) never lowers the haircut below the exogenous
 * move.
 *
 * <h2>Bonus, threshold, LTV</h2>
 *
 * <pre>
 *   b   = min(1, max(class minimum, s + class liquidator cost + k sigma sqrt(trading part / 1 year)))
 *   LT  = (1 - d) / (1 + b)           the collateral, after the drop and the sale, still repays
 *                                     the debt plus the bonus: V (1 - d) >= D (1 + b) at D = LT V
 *   LTV = LT (1 - buffer(d))          {@link CollateralPolicy#buffer}
 *   CR  = 1 / LTV
 * </pre>
 *
 * b comes first because LT depends on it. Since d < 1 and b >= 0, 0 < LTV < LT < 1 whenever b > 0
 * or the buffer is positive; LT = 1 / (1 + b) for a riskless asset (d = 0); LT = LTV = 0 and CR
 * infinite for an asset the haircut wipes out (d = 1) and for one whose bonus reaches the cap of
 * {@link #MAX_BONUS} (no bonus a protocol pays covers its liquidator).
 *
 * <h2>Regimes</h2>
 *
 * The same computation on the exposure changed by the policy's high- and low-volatility {@link
 * VolatilityRegime}s (market-wide), with the same seed. Monte Carlo noise could in principle invert
 * the order of a part, so a final guard enforces the dynamic-parameter table's order by
 * construction: the high regime's haircut parts and bonus are the part-wise maximum of the high and
 * the base regime's, the low regime's the part-wise minimum of the low and the base. Because LT is
 * decreasing in d and b and LTV in d, the volatile regime then never allows more LTV, a higher
 * threshold or a smaller bonus than the base, nor the base than the calm.
 *
 * <h2>Cost</h2>
 *
 * Per regime and per distinct (trading steps, total steps) among the collateral assets: one
 * exogenous run per distinct step count and one cascade run per distinct total, N x steps
 * scenario-steps each (exogenous runs are cheaper: no cascade rounds). A crypto book with unlimited
 * exit and a fast oracle needs 2 one-step runs per regime; an RWA book with a day of NAV lag and
 * T+1 settlement needs 3 runs of about 2 days of steps. The horizon h is short and usually differs
 * from the premium's horizon H, so the premium's simulation cannot serve; when it does (same seed,
 * scenarios, step and step count), {@link #assess(ProtocolExposure, RunSettings, double,
 * SimulationResult, Parallelism, CancellationToken)} reuses it as the base cascade run.
 */
public final class CollateralAssessor {
  /** Target probability used when a request leaves it out. */
  public static final double DEFAULT_TARGET_PROBABILITY = 0.01;

  private static final double HOURS_PER_YEAR = 365 * 24;

  /**
   * The largest liquidation bonus recommended, 100% of the repaid debt: the liquidator would seize
   * collateral worth twice what it repays, beyond any bonus a protocol pays (published ones are 1
   * to 20%) and outside what a loan bucket accepts ([0, 1)). An asset whose slippage, costs and
   * holding risk call for at least this much cannot be liquidated at a bonus a protocol could
   * offer: it is recommended this bonus with a liquidation threshold and max LTV of 0 (model 0.3.4;
   * before, such an asset was shown the bonus its formula gave, above 100%).
   */
  public static final double MAX_BONUS = 1;

  /**
   * The longest liquidation horizon simulated, in steps (30 days at the default 15-minute step): an
   * asset whose oracle lag and time to sell add up to more is assessed over this many steps, lag
   * first, and its details still report the uncapped lag and time to sell. It bounds the
   * assessment's work at scenarios x this per run, whatever the request's durations.
   */
  public static final int MAX_HORIZON_STEPS = 2_880;

  /** The engine's default instance with {@link CollateralPolicy#DEFAULT}. */
  public static final CollateralAssessor DEFAULT =
      new CollateralAssessor(CascadeEngine.DEFAULT, CollateralPolicy.DEFAULT);

  private final CascadeEngine engine;
  private final CollateralPolicy policy;

  /** An assessor running {@code engine} under {@code policy}. */
  public CollateralAssessor(CascadeEngine engine, CollateralPolicy policy) {
    if (engine == null || policy == null) {
      throw new IllegalArgumentException("engine and policy are required");
    }
    this.engine = engine;
    this.policy = policy;
  }

  /** The policy. */
  public CollateralPolicy policy() {
    return policy;
  }

  /** {@code targetProbability}, or {@link #DEFAULT_TARGET_PROBABILITY} when it is 0. */
  public static double targetProbabilityOrDefault(double targetProbability) {
    return targetProbability == 0 ? DEFAULT_TARGET_PROBABILITY : targetProbability;
  }

  /**
   * One recommendation per asset that backs at least one loan bucket, in asset order.
   *
   * @param exposure the exposure, valid ({@link io.backstop.core.model.ExposureRules})
   * @param settings scenarios, seed and step (horizon and confidence levels are not used); zero
   *     fields take their defaults
   * @param targetProbability p in (0, 0.5): probability that the collateral falls by more than the
   *     haircut over the liquidation horizon; 0 means {@link #DEFAULT_TARGET_PROBABILITY}
   * @throws io.backstop.core.sim.CancelledException when {@code cancel} asked to stop
   */
  public List<CollateralRecommendation> assess(
      ProtocolExposure exposure,
      RunSettings settings,
      double targetProbability,
      Parallelism parallelism,
      CancellationToken cancel) {
    return assess(exposure, settings, targetProbability, null, parallelism, cancel);
  }

  /**
   * As {@link #assess(ProtocolExposure, RunSettings, double, Parallelism, CancellationToken)},
   * reusing {@code simulated} (a run of the same exposure, e.g. the premium's) as the base cascade
   * run of every asset whose horizon it matches: same seed, scenario count, step and number of
   * steps. Otherwise it is ignored; null is allowed. The result is the same either way.
   */
  public List<CollateralRecommendation> assess(
      ProtocolExposure exposure,
      RunSettings settings,
      double targetProbability,
      SimulationResult simulated,
      Parallelism parallelism,
      CancellationToken cancel) {
    return assess(
        exposure,
        settings,
        targetProbability,
        simulated,
        parallelism,
        ProgressListener.NONE,
        cancel);
  }

  /**
   * As above, telling {@code progress} how far the assessment's own runs are, in {@link
   * io.backstop.core.WorkEstimate} units: done of {@link #work} in all (the runs' estimates, each
   * run's share counted as its scenarios finish). A stream shows the collateral stage with it.
   */
  public List<CollateralRecommendation> assess(
      ProtocolExposure exposure,
      RunSettings settings,
      double targetProbability,
      SimulationResult simulated,
      Parallelism parallelism,
      ProgressListener progress,
      CancellationToken cancel) {
    double p = targetProbabilityOrDefault(targetProbability);
    if (!(p > 0 && p < 0.5)) {
      throw new IllegalArgumentException("targetProbability must be in (0, 0.5), was " + p);
    }
    RunSettings s = settings.withDefaults();
    Map<String, Double> positions = standardPositions(exposure);
    List<Integer> collateral = collateralAssets(exposure, positions);
    if (collateral.isEmpty()) {
      return List.of();
    }
    boolean shared = simulated != null && matches(simulated, exposure, s);
    // The estimate's walk of the book only for a listener: the runs report shares of it. The
    // shared run's own settings, not the assessment's: their horizons may differ (the assessment
    // does not use its own), and the estimate spares the run of the shared run's steps.
    long totalWork =
        progress == ProgressListener.NONE
            ? 1
            : work(exposure, s, shared ? simulated.settings() : null);
    Runs runs = new Runs(s, p, parallelism, progress, totalWork, cancel);
    if (shared) {
      runs.remember(VolatilityRegime.BASE, true, simulated.steps(), exposure, simulated);
    }
    Regime base = evaluate(exposure, VolatilityRegime.BASE, collateral, positions, runs);
    Regime high = evaluate(exposure, policy.highVolatility(), collateral, positions, runs);
    Regime low = evaluate(exposure, policy.lowVolatility(), collateral, positions, runs);

    List<CollateralRecommendation> out = new ArrayList<>();
    for (int i = 0; i < collateral.size(); i++) {
      Asset a = exposure.assets().get(collateral.get(i));
      Plan plan = base.plans[i];
      Haircut d = base.haircuts[i];
      double b = base.bonuses[i];
      RegimeParameters baseRow = row(a.annualVolatility(), d, b);
      RegimeParameters highRow =
          row(
              a.annualVolatility() * policy.highVolatility().volatilityFactor(),
              Haircut.max(high.haircuts[i], d),
              Math.max(high.bonuses[i], b));
      RegimeParameters lowRow =
          row(
              a.annualVolatility() * policy.lowVolatility().volatilityFactor(),
              Haircut.min(low.haircuts[i], d),
              Math.min(low.bonuses[i], b));
      ClassDefaults cls = ClassDefaults.of(a.assetClass());
      out.add(
          new CollateralRecommendation(
              a.id(),
              a.assetClass(),
              baseRow.maxLtv(),
              baseRow.liquidationThreshold(),
              baseRow.liquidationBonus(),
              baseRow.collateralRatio(),
              (plan.lagSteps + plan.tradeSteps) * s.stepMinutes() / 60.0,
              d,
              highRow,
              lowRow,
              new CollateralRecommendation.Details(
                  plan.units,
                  plan.units * a.priceUsd(),
                  plan.lagHours,
                  plan.timeToSellHours,
                  plan.settlementHours,
                  plan.lagSteps,
                  plan.tradeSteps,
                  s.stepMinutes(),
                  policy.buffer(d.total()),
                  cls.liquidatorCostFraction(),
                  plan.riskPremium)));
    }
    return out;
  }

  /** LT, LTV and CR from the haircut and the bonus. */
  private RegimeParameters row(double vol, Haircut d, double b) {
    // d is at most 1 (Haircut.max); at 1 the asset is worth nothing after the haircut, and at a
    // bonus of MAX_BONUS no bonus a protocol could pay covers the liquidator: either way LT and LTV
    // are 0 and CR infinite (not accepted as collateral).
    double lt = b >= MAX_BONUS ? 0 : Math.max(0, (1 - d.total()) / (1 + b));
    double ltv = lt * (1 - policy.buffer(d.total()));
    return new RegimeParameters(vol, ltv, lt, b, 1 / ltv, d);
  }

  /** The assets that back at least one loan bucket (those with a standard position), in order. */
  private static List<Integer> collateralAssets(ProtocolExposure e, Map<String, Double> positions) {
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < e.assets().size(); k++) {
      if (positions.containsKey(e.assets().get(k).id())) {
        out.add(k);
      }
    }
    return out;
  }

  private static boolean matches(SimulationResult r, ProtocolExposure e, RunSettings s) {
    List<String> ids = new ArrayList<>();
    e.assets().forEach(a -> ids.add(a.id()));
    return sameDraws(r.settings(), s) && r.assetIds().equals(ids);
  }

  /**
   * A run at {@code run}'s settings draws what a run of the assessment's settings {@code s}
   * (defaults applied) of the same steps would: the same seed, scenarios and step.
   */
  private static boolean sameDraws(RunSettings run, RunSettings s) {
    return run.seed() == s.seed()
        && run.scenarios() == s.scenarios()
        && run.effectiveStepMinutes() == s.stepMinutes();
  }

  /** One regime's plans, haircuts and bonuses, per collateral asset. */
  private record Regime(Plan[] plans, Haircut[] haircuts, double[] bonuses) {}

  /** The horizon and slippage of one asset's standard position. */
  private record Plan(
      double units,
      double lagHours,
      double timeToSellHours,
      double settlementHours,
      int lagSteps,
      int tradeSteps,
      double riskPremium) {}

  private Regime evaluate(
      ProtocolExposure given,
      VolatilityRegime regime,
      List<Integer> collateral,
      Map<String, Double> positions,
      Runs runs) {
    ProtocolExposure e = regime.apply(given);
    MarketDepth depth = new MarketDepth(e.assets());
    Execution exec = new Execution();
    double dt = runs.settings.stepMinutes();
    int n = collateral.size();
    Plan[] plans = new Plan[n];
    Haircut[] haircuts = new Haircut[n];
    double[] bonuses = new double[n];
    for (int i = 0; i < n; i++) {
      int k = collateral.get(i);
      Asset a = e.assets().get(k);
      ClassDefaults cls = ClassDefaults.of(a.assetClass());
      Horizon h = horizon(a, positions.get(a.id()), dt);
      double units = h.units;
      double slippage = slippage(depth, exec, k, units, a.priceUsd());
      double settlement = h.settlementHours;
      double timeToSell = h.timeToSellHours;
      double lag = h.lagHours;
      double gap =
          a.oracle() != null && a.oracle().kind() == io.backstop.core.model.OracleKind.PUSH
              ? a.oracle().deviationThresholdFraction()
              : 0;
      int lagSteps = h.lagSteps;
      int tradeSteps = h.tradeSteps;
      double riskPremium =
          policy.riskPremiumStdDevs()
              * a.annualVolatility()
              * Math.sqrt(tradeSteps * dt / 60 / HOURS_PER_YEAR);
      plans[i] = new Plan(units, lag, timeToSell, settlement, lagSteps, tradeSteps, riskPremium);

      double qV = runs.quantile(e, regime, false, tradeSteps, k);
      double qH = runs.quantile(e, regime, false, lagSteps + tradeSteps, k);
      double qC = runs.quantile(e, regime, true, lagSteps + tradeSteps, k);
      double exo = Math.max(qV, qH);
      double m = Math.max(exo, qC);
      haircuts[i] =
          Haircut.of(
              qV,
              Math.max(qH - qV, 0) + gap * (1 - m),
              Math.max(qC - exo, 0),
              slippage * (1 - gap) * (1 - m));
      bonuses[i] =
          Math.min(
              MAX_BONUS,
              Math.max(cls.minimumBonus(), slippage + cls.liquidatorCostFraction() + riskPremium));
    }
    return new Regime(plans, haircuts, bonuses);
  }

  /** The liquidation horizon of asset a's standard position, at step dt minutes. */
  private record Horizon(
      double units,
      double lagHours,
      double timeToSellHours,
      double settlementHours,
      int lagSteps,
      int tradeSteps) {}

  /** The horizon of asset a, whose standard position is {@code units}. */
  private static Horizon horizon(Asset a, double units, double dt) {
    // (No class: only an unvalidated request's work estimate gets here without one.)
    double auction = a.assetClass() == null ? 0 : ClassDefaults.of(a.assetClass()).auctionHours();
    double exit = a.liquidity() == null ? 0 : a.liquidity().exitCapacityUsdPerHour();
    double settlement = a.liquidity() == null ? 0 : a.liquidity().settlementDelayHours();
    double timeToSell = (exit > 0 ? units * a.priceUsd() / exit : 0) + auction;
    double lag = oracleLagHours(a.oracle());
    // Both in double first: a month of latency at one-minute steps, or a position that takes
    // years to sell, must not overflow an int; the horizon is then capped (MAX_HORIZON_STEPS).
    int lagSteps = (int) Math.max(0, Math.min(Math.round(lag * 60 / dt), MAX_HORIZON_STEPS - 1));
    // The trading part as the engine runs it: units seized in a step reach the market the
    // settlement delay later, rounded to whole steps as the engine delays them, and sell from
    // that step on, over the steps the time to sell covers, at least the one they arrive in (model
    // 0.5.0; before, ceil((time to sell + settlement) / dt) steps, which ended the horizon a step
    // before a settled sale reached the market, so a longer delay could show a smaller cascade
    // part).
    double settleSteps = Math.round(settlement * 60 / dt);
    double sellSteps = Math.max(1, RunSettings.stepsCovering(timeToSell * 60, dt));
    int tradeSteps = (int) Math.min(settleSteps + sellSteps, MAX_HORIZON_STEPS - lagSteps);
    return new Horizon(units, lag, timeToSell, settlement, lagSteps, tradeSteps);
  }

  /**
   * The engine work {@link #assess} does, in {@link WorkEstimate} units, without running it: the
   * distinct Monte Carlo runs it makes (per regime, an exogenous run per distinct trading and total
   * step count and a cascade run per distinct total among the collateral assets), each at the
   * settings' scenarios; the base cascade run that {@code shared} serves (the premium's simulation,
   * when its settings match as in {@link #assess(ProtocolExposure, RunSettings, double,
   * SimulationResult, Parallelism, CancellationToken)}; null: none) is not counted. Any exposure
   * that maps is accepted: unvalidated values give an estimate, never an exception.
   */
  public long work(ProtocolExposure exposure, RunSettings settings, RunSettings shared) {
    RunSettings s = settings.withDefaults();
    double dt = s.stepMinutes();
    // One pass over the buckets (the service estimates on its transport thread).
    Map<String, Double> units = standardPositions(exposure);
    // The steps of the base cascade run the shared simulation serves (-1: none).
    RunSettings sharedSettings = shared == null ? null : shared.withDefaults();
    int sharedSteps =
        sharedSettings != null && sameDraws(sharedSettings, s) ? sharedSettings.steps() : -1;
    Set<Run> runs = new HashSet<>();
    double total = 0;
    for (VolatilityRegime regime :
        List.of(VolatilityRegime.BASE, policy.highVolatility(), policy.lowVolatility())) {
      ProtocolExposure e = regime.apply(exposure);
      for (Asset a : e.assets()) {
        Double u = units.get(a.id());
        if (u == null) {
          continue; // backs no loan
        }
        Horizon h = horizon(a, u, dt);
        int all = h.lagSteps + h.tradeSteps;
        boolean sharedRun = regime == VolatilityRegime.BASE && all == sharedSteps;
        if (runs.add(new Run(regime, false, h.tradeSteps))) {
          total += WorkEstimate.simulationNanos(exogenous(e), s.scenarios(), h.tradeSteps, dt);
        }
        if (runs.add(new Run(regime, false, all))) {
          total += WorkEstimate.simulationNanos(exogenous(e), s.scenarios(), all, dt);
        }
        if (runs.add(new Run(regime, true, all)) && !sharedRun) {
          total += WorkEstimate.simulationNanos(e, s.scenarios(), all, dt);
        }
      }
    }
    return WorkEstimate.units(total);
  }

  /**
   * Per collateral asset id (one that backs a loan bucket): the largest single loan's collateral,
   * max over its buckets of quantity / count, at least 0. One pass over the buckets.
   */
  static Map<String, Double> standardPositions(ProtocolExposure e) {
    Map<String, Double> units = new HashMap<>();
    for (LoanBucket b : e.loanBuckets()) {
      units.merge(
          b.collateralAssetId(),
          Math.max(0, b.collateralQuantity() / b.effectiveCount()),
          Math::max);
    }
    return units;
  }

  /**
   * Slippage of selling {@code units} at once from P0: 1 - value / (units P0), the value being the
   * proceeds plus the units a ladder could not take at its last level's price.
   */
  private static double slippage(
      MarketDepth depth, Execution exec, int k, double units, double price) {
    if (units <= 0) {
      return 0;
    }
    depth.execute(k, units, price, price, 0, exec);
    double value = exec.proceedsUsd + (units - exec.unitsExecuted) * exec.endPrice;
    return Math.min(Math.max(1 - value / (units * price), 0), 1 - 1e-12);
  }

  /** Latency, plus half the window for a TWAP; 0 without an oracle. */
  static double oracleLagHours(Oracle o) {
    if (o == null) {
      return 0;
    }
    double lag = o.latencySeconds() / 3600;
    if (o.kind() == io.backstop.core.model.OracleKind.TWAP) {
      lag += o.twapWindowMinutes() / 120;
    }
    return lag;
  }

  /** One simulation of an assessment: its regime, whether it cascades, its steps. */
  private record Run(VolatilityRegime regime, boolean cascade, int steps) {}

  /** The simulations of one assessment, each run once. */
  private final class Runs {
    final RunSettings settings;
    final double p;
    final Parallelism parallelism;
    final CancellationToken cancel;
    final ProgressListener progress;

    /** The assessment's estimated work, and that of the runs finished so far (work units). */
    final long totalWork;

    double doneWork;

    /**
     * Drop quantiles per asset (at probability p) of each run made, keyed by run. Only the
     * quantiles are kept, never the run itself: a run of the largest request holds about 100 MB of
     * paths, and keeping several would not fit the service's heap.
     */
    final Map<Run, double[]> cache = new HashMap<>();

    Runs(
        RunSettings settings,
        double p,
        Parallelism parallelism,
        ProgressListener progress,
        long totalWork,
        CancellationToken cancel) {
      this.settings = settings;
      this.p = p;
      this.parallelism = parallelism;
      this.progress = progress;
      this.totalWork = Math.max(1, totalWork);
      this.cancel = cancel;
    }

    /**
     * The (1 - p) quantile of asset k's worst drop 1 - min/P0 over the run's steps.
     *
     * @param e the exposure of this regime; asset k's price is P0
     */
    double quantile(
        ProtocolExposure e, VolatilityRegime regime, boolean cascade, int steps, int k) {
      double[] quantiles = cache.get(new Run(regime, cascade, steps));
      if (quantiles == null) {
        ProtocolExposure run = cascade ? e : exogenous(e);
        RunSettings rs =
            new RunSettings(
                settings.scenarios(),
                settings.seed(),
                steps * settings.stepMinutes() / 60,
                settings.stepMinutes(),
                List.of());
        boolean listened = progress != ProgressListener.NONE;
        double runWork =
            listened
                ? WorkEstimate.simulationNanos(run, rs.scenarios(), steps, settings.stepMinutes())
                : 0;
        double before = doneWork;
        ProgressListener share =
            listened
                ? (done, total) ->
                    progress.onProgress(
                        (long) Math.min(totalWork, before + runWork * done / Math.max(1, total)),
                        totalWork)
                : ProgressListener.NONE;
        quantiles =
            remember(
                regime, cascade, steps, e, engine.simulate(run, rs, parallelism, share, cancel));
        doneWork = before + runWork;
      }
      return quantiles[k];
    }

    /** Keeps the drop quantiles of a run (its paths are dropped with it). */
    double[] remember(
        VolatilityRegime regime,
        boolean cascade,
        int steps,
        ProtocolExposure e,
        SimulationResult r) {
      double[] quantiles = new double[e.assets().size()];
      for (int j = 0; j < quantiles.length; j++) {
        quantiles[j] = dropQuantile(r.minPriceUsd()[j], e.assets().get(j).priceUsd(), p);
      }
      cache.put(new Run(regime, cascade, steps), quantiles);
      return quantiles;
    }

    private static double dropQuantile(double[] minPrice, double p0, double p) {
      double[] drops = new double[minPrice.length];
      for (int i = 0; i < minPrice.length; i++) {
        drops[i] = Math.max(0, 1 - minPrice[i] / p0);
      }
      double level = 1 - p;
      return TailStatistics.valueAtRisk(drops, level); // one order statistic: selection, no sort
    }
  }

  /**
   * The exogenous part of an exposure: the same assets and correlations without liquidity, oracle,
   * loans, options or cross-impact, liquidations paused (what its exogenous runs simulate).
   */
  public static ProtocolExposure exogenous(ProtocolExposure e) {
    List<Asset> assets = new ArrayList<>();
    for (Asset a : e.assets()) {
      assets.add(a.withMarket(null, null));
    }
    return new ProtocolExposure(
        e.protocolId(),
        assets,
        e.correlations(),
        List.of(),
        List.of(),
        List.of(),
        new Controls(null, null, 0, 0, true));
  }
}
