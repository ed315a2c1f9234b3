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
    double liquidated = 0;
    double dealersSold = 0;
    for (StressRound r : free.rounds()) {
      liquidated += r.liquidatedUsd();
      dealersSold += Math.max(r.dealerHedgeUsd(), 0);
    }
    assertTrue(liquidated > 0 && dealersSold > 0.5 * liquidated, liquidated + " " + dealersSold);

    // Room for the liquidators' sales (one step of the path: capacity per hour / 4), not for the
    // dealers' on top.
    double perHour = 4 * 1.2 * liquidated;
    assertTrue(liquidated + dealersSold > 1.2 * liquidated);
    ProtocolExposure capped =
        Fixtures.withAssets(
            open,
            a -> {
              if (!a.id().equals("ETH")) {
                return a;
              }
              Liquidity l = a.liquidity();
              return a.withMarket(
                  new Liquidity(l.curve(), l.halfLifeMinutes(), l.permanentFraction(), perHour, 0),
                  a.oracle());
            });
    StressPath metered = StressSimulator.run(capped, FALL, 50);
    double meteredLiquidated = 0;
    for (StressRound r : metered.rounds()) {
      meteredLiquidated += r.liquidatedUsd();
    }
    assertEquals(liquidated, meteredLiquidated, 1e-6 * liquidated);
  }
}
