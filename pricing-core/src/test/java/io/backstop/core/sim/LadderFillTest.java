package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.BidLadder;
import io.backstop.core.model.BidLevel;
import io.backstop.core.model.Controls;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.ProtocolExposure;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bid ladder's own sales are recorded once, by its fill (model 0.6.0): the bids that remain keep
 * their prices, whatever the permanent fraction, so that a sale split into parts ends where the
 * same sale at once ends, and the market price after a sale is the best remaining bid. As the fill
 * refills, with the half-life, the book follows the permanent part of the sales' impact: once
 * refilled, every bid is that much lower. Before, the permanent part of a sale's move lowered every
 * remaining bid at once: with a permanent fraction of 0.5, 20 units sold at once ended at 85 and a
 * tiny sale after them gapped to 78.37; sold in two halves they ended at 80.64.
 *
 * <p>The ladder: 10 units bid at 95, 90 and 85, then 100 at 80, under a market price of 100; no
 * volatility, loans or options, so that only the liquidators' sales (put in their inventory) move
 * the price.
 */
class LadderFillTest {
  private static ScenarioWorker worker(double permanentFraction, double halfLifeMinutes) {
    BidLadder ladder =
        new BidLadder(
            List.of(
                new BidLevel(95, 10),
                new BidLevel(90, 10),
                new BidLevel(85, 10),
                new BidLevel(80, 100)));
    Asset nft =
        new Asset(
            "NFT",
            AssetClass.NFT,
            100,
            0,
            0,
            null,
            new Liquidity(ladder, halfLifeMinutes, permanentFraction, 0, 0),
            null);
    ProtocolExposure e =
        new ProtocolExposure(
            "ladder", List.of(nft), List.of(), List.of(), List.of(), List.of(), Controls.NONE);
    ScenarioWorker w = new ScenarioWorker(new CompiledExposure(e, 4, 15));
    w.startStress(new double[] {0});
    return w;
  }

  /** The liquidators sell {@code units} in the step's next cascade; returns the market price. */
  private static double sell(ScenarioWorker w, int step, double units) {
    w.inventory[0] += units;
    w.cascade(step, w.book.hedgeYears(step), 20, null);
    assertEquals(0, w.inventory[0], "everything sold");
    return w.price[0];
  }

  @Test
  void aSaleSplitInPartsEndsWhereTheWholeSaleEnds() {
    for (double permanent : new double[] {0, 0.5, 1}) {
      ScenarioWorker once = worker(permanent, 720);
      assertEquals(85, sell(once, 0, 20), 1e-9, "20 at once, permanent " + permanent);
      ScenarioWorker halves = worker(permanent, 720);
      assertEquals(90, sell(halves, 0, 10), 1e-9, "the first 10, permanent " + permanent);
      assertEquals(85, sell(halves, 0, 10), 1e-9, "the second 10, permanent " + permanent);
      // The next bid is the 85 level, whichever way the 20 were sold.
      assertEquals(85, sell(once, 0, 1e-6), 1e-9, "a tiny sale after, permanent " + permanent);
      assertEquals(85, sell(halves, 0, 1e-6), 1e-9, "a tiny sale after, permanent " + permanent);
      assertEquals(once.ladderFill[0], halves.ladderFill[0], 1e-12);
      assertEquals(once.ownPermanent[0], halves.ownPermanent[0], 1e-12);
    }
  }

  @Test
  void halfRefilledTheBookHasFollowedHalfThePermanentImpact() {
    // A half-life of one step (15 minutes): a step later half the fill, half the transient impact
    // and half the permanent impact the bids had not followed are left. With a permanent fraction
    // of 0.5 and a sale from 100 to 85 (m = ln 0.85): f = m / 2, I = m / 4 after the decay, the
    // anchor P0 e^(f - m / 4) = 100 0.85^(1/4) = 96.0, the fill 10 (the 95 level taken), so the
    // best bid is 90 x 0.85^(1/4) = 86.4 under a market price of 100 0.85^(3/4) = 88.5.
    ScenarioWorker w = worker(0.5, 15);
    sell(w, 0, 20);
    w.endStep();
    w.beforeCascade(1);
    assertEquals(10, w.ladderFill[0], 1e-9);
    assertEquals(100 * Math.pow(0.85, 0.75), w.price[0], 1e-9 * 100);
    assertEquals(90 * Math.pow(0.85, 0.25), sell(w, 1, 1e-6), 1e-9 * 100);
  }

  @Test
  void onceRefilledTheBookIsRepricedByThePermanentImpact() {
    // A half-life far below the step: the transient part of impact and the fill are gone by the
    // next step (factor 2^(-15 / 1e-6) = 0).
    for (double permanent : new double[] {0, 0.5}) {
      ScenarioWorker w = worker(permanent, 1e-6);
      sell(w, 0, 20);
      w.endStep();
      w.beforeCascade(1);
      assertEquals(0, w.ladderFill[0]);
      // The market price keeps the permanent part of the move: 100 (85 / 100)^permanent, and so
      // does every bid: the best, 95, is at 95 (85 / 100)^permanent (capped at the market price).
      double repriced = Math.pow(0.85, permanent);
      assertEquals(100 * repriced, w.price[0], 1e-9 * 100);
      assertEquals(
          Math.min(95 * repriced, w.price[0]), sell(w, 1, 1e-6), 1e-9, "permanent " + permanent);
    }
  }
}
