package io.backstop.core;

import io.backstop.core.model.Asset;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's work for a request, estimated before running it, in work units: nanoseconds of one
 * core of the reference machine (the 2-vCPU machine of docs/performance.md), so that a limit or a
 * budget in units reads as engine time. The service admits and limits calls by it.
 *
 * <p>A Monte Carlo run of N scenarios of n steps costs N (n c + {@value #PER_SCENARIO}) with the
 * cost per scenario-step
 *
 * <pre>
 *   c = 35 + 56 assets + 25 assets with a liquidity or oracle block + 130 assets sold into a bid
 *       ladder + 180 hedged assets + 0.05 loan buckets + 0.7 options
 *       + 10 assets                                             (with a circuit breaker)
 *       + 900 hedged assets with a finite exit capacity
 *       + 2,700 x the share of the steps in the last hours before an option on an asset expires
 * </pre>
 *
 * nanoseconds, plus {@value #PER_RUN} ns per run (compiling the book, its delta table, the tail's
 * selections) and {@value #PER_TABLE_STEP} ns per step and hedged asset (the delta table's nodes
 * the run's prices reach, evaluated once per run: a run of few scenarios over many steps pays
 * them). A hedged asset has at least one option on it. In an option's last hours (total volatility
 * sigma sqrt(T - t) below 0.02: 7 hours at sigma = 70%, 1.5 days at 30%) its delta turns into a
 * step and its asset's book delta is no longer tabulated: those steps evaluate deltas exactly in
 * plain rounds, about 7 times the cost. (Past its expiry an option has left the book.) A hedged
 * asset whose exit capacity is finite never takes the quiet round (its solved hedge cannot be
 * applied as is while the exit meters the liquidators' sales): every step runs the general round,
 * about three times the cost of the book's step (measured on crypto-lending with WETH's exit at 1
 * USD an hour: 17.3 s of one core for an estimate of 6.5 s without the term, an audit's finding;
 * 1.2 times the estimate with it). The coefficients are fitted to the table of {@code
 * CostModelMain} (docs/performance.md, "Cost model"), where the estimate lies within a factor 0.6
 * to 2.3 of the measured time (over three runs at different speeds of the machine) for books from
 * one asset to 32 assets, 2,000 buckets, 1,000 options and 30-day horizons, over-estimating most
 * the smallest runs; the measure it replaces (scenarios x steps x (1 + buckets + options)) was off
 * by a factor of up to 40 between books. What it cannot see is how often a book liquidates (a
 * crashing book runs more rounds per step, crypto-lending reads 0.8 to 0.9). A stress test is one
 * path of at most max-rounds rounds, each costed like a step.
 *
 * <p>Estimates are computed from unvalidated requests (admission comes before validation): any
 * value gives a finite, non-negative number, saturating at {@link Long#MAX_VALUE}.
 */
public final class WorkEstimate {
  static final double BASE = 35;
  static final double PER_ASSET = 56;
  static final double PER_MARKET_ASSET = 25;
  static final double PER_LADDER_ASSET = 130;
  static final double PER_HEDGED_ASSET = 180;
  static final double PER_BUCKET = 0.05;
  static final double PER_OPTION = 0.7;
  static final double PER_BREAKER_ASSET = 10;

  /** A hedged asset with a finite exit capacity: the general round every step. */
  static final double PER_EXIT_LIMITED_HEDGED_ASSET = 900;

  /** A hedged asset's step whose book delta the table does not serve (an option's last hours). */
  static final double PER_UNTABULATED_HEDGED_ASSET = 2700;

  /** Total volatility below which an option's last hours are not tabulated (about). */
  static final double UNTABULATED_TOTAL_VOLATILITY = 0.02;

  /** A scenario's start and end: its reset, its stream, its outcome's record. */
  static final double PER_SCENARIO = 300;

  /** A run's fixed cost: compiling the book and its delta table, the tail's selections. */
  static final double PER_RUN = 1.5e6;

  /** A run's delta-table nodes, per step and hedged asset. */
  static final double PER_TABLE_STEP = 30_000;

  private WorkEstimate() {}

  /** Nanoseconds per scenario-step of a run of {@code steps} steps of {@code stepMinutes}. */
  public static double perScenarioStep(ProtocolExposure e, int steps, double stepMinutes) {
    return rates(e, steps, stepMinutes).perScenarioStep();
  }

  /** A book's cost per scenario-step and its number of hedged assets, from one pass over it. */
  private record Rates(double perScenarioStep, int hedgedAssets) {}

  private static Rates rates(ProtocolExposure e, int steps, double stepMinutes) {
    int assets = e.assets().size();
    // Per hedged asset (one with an option), the intervals (days) of its options' last hours,
    // [expiry - window, expiry].
    Map<String, List<double[]>> lastHours = new HashMap<>();
    for (var o : e.options()) {
      double vol = o.impliedVolatility();
      double window = 365 * Math.pow(UNTABULATED_TOTAL_VOLATILITY / vol, 2);
      lastHours
          .computeIfAbsent(o.assetId(), id -> new ArrayList<>())
          .add(new double[] {o.expiryDays() - window, o.expiryDays()});
    }
    double horizonDays = Math.max(1, steps) * stepMinutes / (24 * 60);
    double c =
        BASE
            + PER_ASSET * assets
            + PER_HEDGED_ASSET * lastHours.size()
            + PER_BUCKET * e.loanBuckets().size()
            + PER_OPTION * e.options().size();
    for (Asset a : e.assets()) {
      if (a.liquidity() != null || a.oracle() != null) {
        c += PER_MARKET_ASSET;
      }
      if (lastHours.containsKey(a.id())
          && a.liquidity() != null
          && a.liquidity().exitCapacityUsdPerHour() > 0) {
        c += PER_EXIT_LIMITED_HEDGED_ASSET;
      }
      if (a.liquidity() != null && a.liquidity().curve() instanceof BidLadder) {
        c += PER_LADDER_ASSET;
      }
    }
    for (List<double[]> intervals : lastHours.values()) {
      c += PER_UNTABULATED_HEDGED_ASSET * untabulatedShare(intervals, horizonDays);
    }
    if (e.controls().circuitBreaker() != null) {
      c += PER_BREAKER_ASSET * assets; // its window's maximum, kept in O(1) a step
    }
    return new Rates(c, lastHours.size());
  }

  /**
   * The share of [0, horizon] days covered by the union of the intervals; 1 when any bound is NaN
   * (a bad request is counted at the most).
   */
  static double untabulatedShare(List<double[]> intervals, double horizonDays) {
    for (double[] i : intervals) {
      if (Double.isNaN(i[0]) || Double.isNaN(i[1])) {
        return 1;
      }
    }
    intervals.sort((a, b) -> Double.compare(a[0], b[0]));
    double covered = 0;
    double end = 0; // the union so far reaches this far into the horizon
    for (double[] i : intervals) {
      double from = Math.max(i[0], end);
      double to = Math.min(i[1], horizonDays);
      if (to > from) {
        covered += to - from;
        end = to;
      }
    }
    return Math.min(1, covered / horizonDays);
  }

  /**
   * Nanoseconds of a Monte Carlo run of {@code scenarios} x {@code steps} steps, unrounded (a
   * call's units are this, rounded and saturated: {@link #simulation(ProtocolExposure,
   * RunSettings)}).
   */
  public static double simulationNanos(
      ProtocolExposure e, long scenarios, int steps, double stepMinutes) {
    double n = Math.max(1, steps);
    Rates r = rates(e, steps, stepMinutes);
    return Math.max(1, scenarios) * (n * r.perScenarioStep() + PER_SCENARIO)
        + PER_RUN
        + PER_TABLE_STEP * n * r.hedgedAssets();
  }

  /** Units of the Monte Carlo run of {@code settings} (defaults applied). */
  public static long simulation(ProtocolExposure e, RunSettings settings) {
    RunSettings s = settings.withDefaults();
    return units(simulationNanos(e, s.scenarios(), s.steps(), s.effectiveStepMinutes()));
  }

  /** Units of a stress test of at most {@code maxRounds} rounds. */
  public static long stress(ProtocolExposure e, int maxRounds) {
    return units(
        Math.max(1, maxRounds) * perScenarioStep(e, 1, RunSettings.DEFAULT_STEP_MINUTES)
            + PER_SCENARIO
            + PER_RUN);
  }

  /** Nanoseconds as units: rounded up, saturating at Long.MAX_VALUE (NaN counts as the most). */
  public static long units(double nanos) {
    if (!(nanos < 9.2e18)) {
      return Long.MAX_VALUE;
    }
    return (long) Math.ceil(Math.max(0, nanos));
  }
}
