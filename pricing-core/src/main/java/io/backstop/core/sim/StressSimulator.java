package io.backstop.core.sim;

import io.backstop.core.model.ExposureRules;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import io.backstop.core.model.Shock;
import io.backstop.core.model.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic stress path for StressTest: round 0 moves each shocked asset's fundamental by
 * ln(1 + shock), then the Monte Carlo's own cascade rounds ({@link ScenarioWorker#cascade}) run
 * until a quiet round or {@code maxRounds}, with no random move. The path is one simulation step of
 * the default length ({@value RunSettings#DEFAULT_STEP_MINUTES} minutes): rate limits, liquidator
 * capacity and exit capacity apply once; settlement-delayed sales do not reach the market within
 * it; oracles are assumed to have caught up with the shock and read the live price.
 */
public final class StressSimulator {
  private StressSimulator() {}

  /**
   * Runs the stress path.
   *
   * @throws InvalidExposureException when an exposure rule or a shock is invalid
   */
  public static StressPath run(ProtocolExposure exposure, List<Shock> shocks, int maxRounds) {
    return run(exposure, shocks, maxRounds, CancellationToken.NONE);
  }

  /**
   * Runs the stress path, asking {@code cancel} after every round (a round of the largest book
   * takes tens of milliseconds; a path of 100 rounds, seconds).
   *
   * @throws InvalidExposureException when an exposure rule or a shock is invalid
   * @throws CancelledException when the token asked to stop
   */
  public static StressPath run(
      ProtocolExposure exposure, List<Shock> shocks, int maxRounds, CancellationToken cancel) {
    return run(book(exposure, shocks), shocks, maxRounds, cancel);
  }

  /**
   * The compiled book of a stress test of {@code exposure} under {@code shocks}, the shocks checked
   * against it: compiled once, it serves the path and the analysis at the shocked prices.
   *
   * @throws InvalidExposureException when an exposure rule or a shock is invalid
   */
  public static CompiledExposure book(ProtocolExposure exposure, List<Shock> shocks) {
    List<Violation> violations = ExposureRules.checkShocks(exposure, shocks);
    if (!violations.isEmpty()) {
      throw new InvalidExposureException(violations);
    }
    return new CompiledExposure(exposure, 1, RunSettings.DEFAULT_STEP_MINUTES);
  }

  /**
   * Runs the stress path on {@code book} from {@link #book}, whose shocks are {@code shocks}.
   *
   * @throws CancelledException when the token asked to stop
   */
  public static StressPath run(
      CompiledExposure book, List<Shock> shocks, int maxRounds, CancellationToken cancel) {
    if (maxRounds < 1) {
      throw new IllegalArgumentException("maxRounds must be >= 1, was " + maxRounds);
    }
    double[] fractions = new double[book.assets];
    for (Shock s : shocks) {
      fractions[book.assetIndex.get(s.assetId())] = s.shockFraction();
    }
    ScenarioWorker worker = new ScenarioWorker(book);
    worker.startStress(fractions);
    List<StressRound> rounds = new ArrayList<>();
    rounds.add(snapshot(0, worker, false));
    int ran =
        worker.cascade(
            0,
            0,
            maxRounds,
            (round, w) -> {
              rounds.add(snapshot(round, w, true));
              if (cancel.isCancellationRequested()) {
                throw new CancelledException(
                    "stress path cancelled after round " + round + " of at most " + maxRounds);
              }
            });
    StressRound last = rounds.get(rounds.size() - 1);
    boolean stillMoving =
        ran == maxRounds
            && !isQuiet(last, rounds.size() > 1 ? rounds.get(rounds.size() - 2) : last);
    double badDebt = worker.badDebtUsd + worker.shortfall();
    return new StressPath(
        book.assetIds,
        rounds,
        badDebt,
        Math.max(0, badDebt - book.insuranceFundUsd),
        worker.liquidatedUsd,
        stillMoving);
  }

  private static boolean isQuiet(StressRound last, StressRound before) {
    if (last.liquidatedUsd() != 0) {
      return false;
    }
    for (int k = 0; k < last.assets().size(); k++) {
      double move = Math.log(last.assets().get(k).priceUsd() / before.assets().get(k).priceUsd());
      if (Math.abs(move) >= ScenarioWorker.QUIET_LOG_MOVE) {
        return false;
      }
    }
    return true;
  }

  private static StressRound snapshot(int round, ScenarioWorker w, boolean flows) {
    List<AssetRoundState> assets = new ArrayList<>();
    double liquidated = 0;
    double hedge = 0;
    for (int k = 0; k < w.book.assets; k++) {
      double l = flows ? w.roundLiquidatedUsd[k] : 0;
      double h = flows ? w.roundDealerUsd[k] : 0;
      liquidated += l;
      hedge += h;
      assets.add(new AssetRoundState(w.book.assetIds.get(k), w.price[k], l, h));
    }
    return new StressRound(round, assets, liquidated, hedge, w.badDebtUsd + w.shortfall());
  }
}
