package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.Fixtures;
import io.backstop.core.model.Liquidity;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.model.Shock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An asset's exit capacity is the liquidators' channel (a redemption queue, an auction house): it
 * holds back their sales, and only theirs spend it. Dealers short puts on ETH sell their hedge into
 * the same fall; with a capacity that the liquidators' own sales stay within, the stress path is
 * the uncapped one (to the equilibrium solve's tolerance: a finite capacity takes the general
 * execution path). When the dealers' sales spent it too, the liquidators of the later rounds found
 * it used up and kept their collateral unsold.
 */
class ExitCapacityTest {
  private static final List<Shock> FALL = List.of(new Shock("ETH", -0.3));

  @Test
  void dealersSellingTheirHedgeDoNotUseUpTheLiquidatorsExit() {
    ProtocolExposure open = Fixtures.lendingBook();
    StressPath free = StressSimulator.run(open, FALL, 50);
    double liquidated = liquidated(free);
    double dealersSold = 0;
    for (StressRound r : free.rounds()) {
      dealersSold += Math.max(r.dealerHedgeUsd(), 0);
    }
    assertTrue(liquidated > 0 && dealersSold > 0.5 * liquidated, liquidated + " " + dealersSold);

    // Room for the liquidators' sales (one step of the path: capacity per hour / 4), not for the
    // dealers' on top.
    double perHour = 4 * 1.2 * liquidated;
    assertTrue(liquidated + dealersSold > 1.2 * liquidated);
    double meteredLiquidated = liquidated(StressSimulator.run(capped(open, perHour), FALL, 50));
    assertEquals(liquidated, meteredLiquidated, 1e-6 * liquidated);
  }

  /**
   * A capacity below what the liquidators would sell holds their sales to it, whether the dealers
   * sell their hedge (short puts) or buy it (the same book long puts, so that the net flow is a
   * purchase in some rounds and the liquidators' sales cross with it). Their sales are the units
   * seized less those still held after the path; a capacity of C USD a step sells at most C / (the
   * lowest price of the path) units.
   */
  @Test
  void theLiquidatorsSellNoMoreThanTheCapacityWhicheverWayTheDealersTrade() {
    for (int sign : new int[] {-1, 1}) {
      ProtocolExposure book =
          Fixtures.withOptions(
              Fixtures.lendingBook(),
              Fixtures.lendingBook().options().stream()
                  .map(
                      o ->
                          new io.backstop.core.model.OptionPosition(
                              o.assetId(),
                              o.optionType(),
                              o.strikeUsd(),
                              o.expiryDays(),
                              o.impliedVolatility(),
                              o.openInterest(),
                              o.optionType() == io.backstop.core.model.OptionType.PUT
                                  ? sign
                                  : o.dealerSign()))
                  .toList());
      Sales free = sales(book);
      double perStep = 0.3 * free.units * 3000;
      Sales metered = sales(capped(book, 4 * perStep));
      assertTrue(
          metered.units <= perStep / metered.lowestPrice * (1 + 1e-9),
          "puts " + sign + ": sold " + metered.units + " ETH against " + perStep + " USD a step");
      assertTrue(
          metered.units * 3000 > 0.5 * perStep,
          "puts " + sign + ": the capacity must be used: " + metered.units + " ETH");
    }
  }

  /** The quoted proceeds of the collateral liquidated along the path. */
  private static double liquidated(StressPath path) {
    double sum = 0;
    for (StressRound r : path.rounds()) {
      sum += r.liquidatedUsd();
    }
    return sum;
  }

  /** ETH the liquidators sold along the stress path, and ETH's lowest price on it. */
  record Sales(double units, double lowestPrice) {}

  private static Sales sales(ProtocolExposure exposure) {
    CompiledExposure book = StressSimulator.book(exposure, FALL);
    int eth = book.assetIndex.get("ETH");
    double[] fractions = new double[book.assets];
    fractions[eth] = -0.3;
    ScenarioWorker worker = new ScenarioWorker(book);
    worker.startStress(fractions);
    double[] seized = {0};
    double[] lowest = {worker.price[eth]};
    worker.cascade(
        0,
        0,
        50,
        (round, w) -> {
          seized[0] += w.seizedUnits[eth];
          lowest[0] = Math.min(lowest[0], w.price[eth]);
        });
    return new Sales(seized[0] - worker.inventory[eth], lowest[0]);
  }

  private static ProtocolExposure capped(ProtocolExposure book, double perHour) {
    return Fixtures.withAssets(
        book,
        a -> {
          if (!a.id().equals("ETH")) {
            return a;
          }
          Liquidity l = a.liquidity();
          return a.withMarket(
              new Liquidity(l.curve(), l.halfLifeMinutes(), l.permanentFraction(), perHour, 0),
              a.oracle());
        });
  }
}
