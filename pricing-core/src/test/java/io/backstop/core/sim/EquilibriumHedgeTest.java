package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.bench.ExampleBooks;
import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.Controls;
import io.backstop.core.model.LinearDepth;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.RunSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Monte Carlo's equilibrium hedge (ScenarioWorker#solveHedge) against the plain cascade rounds
 * it replaces: on a quiet book it is their limit, to within what the rounds' quiet tolerance leaves
 * un-executed; on the crypto-lending example, where liquidations interleave, the loss and
 * liquidation figures agree within the paired Monte Carlo error.
 */
class EquilibriumHedgeTest {
  private static final int STEPS = 96;
  private static final double DEPTH_USD_PER_PERCENT = 5_000_000;

  /** One asset on a linear curve, dealers short near-the-money puts: loop gain up to about 0.6. */
  private static CompiledExposure quietBook() {
    return book(List.of());
  }

  /** The quiet book's asset and options with the given loans. */
  private static CompiledExposure book(List<LoanBucket> loans) {
    return book(loans, Controls.NONE);
  }

  /** The quiet book's asset and options with the given loans and controls. */
  private static CompiledExposure book(List<LoanBucket> loans, Controls controls) {
    Asset asset =
        new Asset(
            "A",
            AssetClass.CRYPTO,
            2_000,
            0.8,
            0,
            null,
            new Liquidity(new LinearDepth(DEPTH_USD_PER_PERCENT), 30, 0.3, 0, 0),
            null);
    List<OptionPosition> options =
        List.of(
            new OptionPosition("A", OptionType.PUT, 1_950, 14, 0.7, 40_000, -1),
            new OptionPosition("A", OptionType.PUT, 1_800, 30, 0.75, 30_000, -1),
            new OptionPosition("A", OptionType.CALL, 2_300, 30, 0.7, 20_000, 1));
    return new CompiledExposure(
        new ProtocolExposure(
            "quiet", List.of(asset), List.of(), List.of(), loans, options, controls),
        STEPS,
        15);
  }

  @Test
  void onAQuietBookTheEquilibriumIsTheLimitOfThePlainRoundsInFewerRounds() {
    CompiledExposure book = quietBook();
    BookDeltaTable table = new BookDeltaTable(book);
    ScenarioWorker plain = new ScenarioWorker(book, table, false);
    ScenarioWorker solved = new ScenarioWorker(book, table, true);
    long plainRounds = 0;
    long solvedRounds = 0;
    double worst = 0;
    double largestGain = 0;
    int scenarios = 200;
    for (int i = 0; i < scenarios; i++) {
      plain.reset();
      plain.random.reset(7, i);
      solved.reset();
      solved.random.reset(7, i);
      for (int step = 0; step < STEPS; step++) {
        double years = (step + 1) * book.stepYears;
        plain.beforeCascade(step);
        solved.beforeCascade(step);
        plainRounds += plain.cascade(step, years, 10_000, null);
        solvedRounds += solved.cascade(step, years, 10_000, null);
        plain.endStep();
        solved.endStep();
        worst = Math.max(worst, Math.abs(Math.log(solved.price[0] / plain.price[0])));
        largestGain = Math.max(largestGain, gain(book, plain));
      }
    }
    // Each step the plain rounds stop with at most tol g / (1 - g) of log move un-executed, which
    // the next step's first round hedges (it is carried, not lost): the prices may differ by that
    // much and its echo through the loop, 1 / (1 - g) times more.
    double g = largestGain;
    assertTrue(g > 0.3 && g < 0.95, "the book has a strong but stable loop, gain " + g);
    double bound = ScenarioWorker.QUIET_LOG_MOVE * g / ((1 - g) * (1 - g));
    assertTrue(worst <= bound, "largest log price difference " + worst + " > bound " + bound);
    double perStep = (double) solvedRounds / (scenarios * STEPS);
    // Every quiet step takes one round.
    assertTrue(perStep < 1 + 1e-9, "rounds per step with the equilibrium hedge " + perStep);
    assertTrue(plainRounds > 3L * solvedRounds, "plain rounds " + plainRounds);
  }

  /** The loop gain -c P dDelta/dx of the plain worker's state: c = 0.01 / depth. */
  private static double gain(CompiledExposure book, ScenarioWorker w) {
    double spot = w.price[0];
    double years = book.steps * book.stepYears; // the smallest time left: the largest gamma
    double slope = 0;
    for (int i = 0; i < book.options; i++) {
      double t = book.optionExpiryYears[i] - years;
      slope +=
          book.optionWeight[i]
              * io.backstop.core.options.BlackScholes.gamma(
                  spot, book.optionStrike[i], t, book.optionVol[i])
              * spot;
    }
    return Math.abs(0.01 / DEPTH_USD_PER_PERCENT * spot * slope);
  }

  /** The quiet book with one loan whose trigger price is {@code trigger} x P0. */
  private static CompiledExposure bookWithLoanAt(double trigger) {
    return bookWithLoanAt(trigger, Controls.NONE);
  }

  /** The same with the given controls. */
  private static CompiledExposure bookWithLoanAt(double trigger, Controls controls) {
    double quantity = 1_000;
    double threshold = 0.8;
    return book(
        List.of(
            new LoanBucket(
                "A", quantity, trigger * 2_000 * quantity * threshold, threshold, 0.05, 0.5, 1)),
        controls);
  }

  /** Rounds run and USD liquidated by one cascade after a shock of -5%, oracles live. */
  private static double[] afterShock(CompiledExposure book, boolean equilibrium) {
    ScenarioWorker w = new ScenarioWorker(book, new BookDeltaTable(book), equilibrium);
    w.startStress(new double[] {-0.05});
    int rounds = w.cascade(0, book.stepYears, 1_000, null);
    return new double[] {rounds, w.liquidatedUsd, w.price[0]};
  }

  /**
   * After a -5% shock the book's spiral liquidates its loan as the plain rounds do (the same USD)
   * and is then solved: fewer rounds, the same end price within the quiet tolerance's remainder.
   */
  private static void assertSolvedAfterTheLiquidation(CompiledExposure crossing) {
    double[] plain = afterShock(crossing, false);
    double[] solved = afterShock(crossing, true);
    assertTrue(plain[1] > 0, "the plain spiral liquidates the loan");
    assertEquals(plain[1], solved[1], 1e-9 * plain[1], "the same USD liquidated");
    assertTrue(solved[0] < plain[0], "rounds: solved " + solved[0] + ", plain " + plain[0]);
    assertEquals(0, Math.log(solved[2] / plain[2]), 1e-5, "the same end price");
  }

  @Test
  void aHedgeSpiralThroughALoanTriggerIsRunRoundByRoundUntilTheLiquidation() {
    // The -5% shock makes the dealers sell; with a loop gain near 0.6 the spiral takes the price
    // several percent lower. A trigger at -8% lies on that path: the solve must leave the rounds
    // plain, so the liquidation happens in the same round, at the same oracle, as without it (the
    // same USD). Once the loan is liquidated no trigger is left on the way and the rest of the
    // spiral is solved (model 0.3.3): fewer rounds, to the same end price within the quiet
    // tolerance's remainder.
    CompiledExposure crossing = bookWithLoanAt(0.92);
    assertSolvedAfterTheLiquidation(crossing);
    // A trigger far below the path: the solve applies and takes one round where the plain
    // rounds take many, to the same end price within the quiet tolerance's remainder.
    CompiledExposure far = bookWithLoanAt(0.5);
    double[] plainFar = afterShock(far, false);
    double[] solvedFar = afterShock(far, true);
    assertEquals(0, plainFar[1]);
    assertEquals(0, solvedFar[1]);
    assertEquals(1, solvedFar[0], "one solved round");
    assertTrue(plainFar[0] > 5, "plain rounds " + plainFar[0]);
    assertEquals(0, Math.log(solvedFar[2] / plainFar[2]), 1e-5);
  }

  @Test
  void aLoanStillUnderItsTriggerDoesNotKeepTheSpiralPlainOnceTheLiquidatorsBudgetIsSpent() {
    // Liquidators may take $100,000 of collateral a step: the first liquidation of the $1.8M loan
    // spends it and the loan stays under its trigger. No liquidation can follow in the step, so
    // the rest of the spiral is solved (model 0.3.3; before, the trigger kept every later round
    // plain): the same USD liquidated in the same round, fewer rounds, the same end price.
    Controls capacity = new Controls(null, null, 100_000, 0, false);
    CompiledExposure crossing = bookWithLoanAt(0.92, capacity);
    assertSolvedAfterTheLiquidation(crossing);
  }

  @Test
  void onTheCryptoLendingExampleLossesAndLiquidationsAgreeWithinTheirPairedError() {
    ExampleBooks.Example e = ExampleBooks.byName("crypto-lending");
    RunSettings s = e.settings().withDefaults();
    CompiledExposure book = CompiledExposure.of(e.exposure(), s);
    BookDeltaTable table = new BookDeltaTable(book);
    ScenarioWorker plain = new ScenarioWorker(book, table, false);
    ScenarioWorker solved = new ScenarioWorker(book, table, true);
    int scenarios = 1_000;
    double[] lossDiff = new double[scenarios];
    double[] liquidatedDiff = new double[scenarios];
    for (int i = 0; i < scenarios; i++) {
      lossDiff[i] = solved.runScenario(s.seed(), i, 20) - plain.runScenario(s.seed(), i, 20);
      liquidatedDiff[i] = solved.liquidatedUsd - plain.liquidatedUsd;
    }
    assertWithinPairedError(lossDiff, "gross loss");
    assertWithinPairedError(liquidatedDiff, "USD liquidated");
  }

  /** The mean paired difference is within 4 of its standard errors of zero. */
  private static void assertWithinPairedError(double[] d, String what) {
    double mean = 0;
    for (double v : d) {
      mean += v;
    }
    mean /= d.length;
    double sq = 0;
    for (double v : d) {
      sq += (v - mean) * (v - mean);
    }
    double se = Math.sqrt(sq / (d.length - 1) / d.length);
    assertTrue(
        Math.abs(mean) <= 4 * se || (mean == 0 && se == 0),
        what + ": mean difference " + mean + ", standard error " + se);
  }
}
