package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ScenarioWorker#lowestOracle(double, double, double, boolean)}, the bound both passes of
 * the quiet round's path guard use: it never rises as the fall deepens, and where the first pass
 * (the fall bounded by the largest hedge move times the row's absolute sum) clears a trigger by
 * {@link ScenarioWorker#CLEAR_MARGIN}, the exact fall clears it too, even when rounding puts the
 * exact fall a few ulps below the bound.
 */
class LowestOracleTest {
  private static final int CASES = 200_000;

  @Test
  void theBoundNeverRisesAsTheFallDeepens() {
    SplittableRandom r = new SplittableRandom(20261130);
    for (int i = 0; i < CASES; i++) {
      double oracle = Math.exp(r.nextDouble(-5, 12));
      double price = oracle * Math.exp(r.nextDouble(-0.5, 0.5));
      double low = -r.nextDouble() * r.nextDouble(); // in (-1, 0]
      double deeper = low - r.nextDouble() * (1 + low);
      assertTrue(
          ScenarioWorker.lowestOracle(oracle, price, deeper, true)
              <= ScenarioWorker.lowestOracle(oracle, price, low, true),
          () -> oracle + " " + price + " " + low + " " + deeper);
    }
  }

  @Test
  void aClearFirstPassMeansAClearExactPass() {
    SplittableRandom r = new SplittableRandom(7);
    int cleared = 0;
    int exactOnly = 0;
    for (int i = 0; i < CASES; i++) {
      double oracle = Math.exp(r.nextDouble(-5, 12));
      double price = oracle * Math.exp(r.nextDouble(-0.5, 0.5));
      // A quiet round's hedge moves: up to a few percent, sometimes far more.
      double bound = -Math.abs(r.nextGaussian()) * (r.nextInt(10) == 0 ? 0.3 : 0.003);
      // The exact fall is at most the bound's, but rounding may put it a few ulps beyond.
      double exact = r.nextBoolean() ? bound * (1 + 4 * Math.ulp(1.0)) : bound * r.nextDouble(0, 1);
      boolean live = r.nextInt(4) > 0;
      double first = ScenarioWorker.lowestOracle(oracle, price, bound, live);
      // Triggers just below, at and just above the first pass's bound.
      double trigger = first * (1 - r.nextDouble(-1e-11, 1e-11));
      boolean clearFirst =
          first > trigger + ScenarioWorker.CLEAR_MARGIN * (Math.abs(oracle) + price);
      boolean clearExact = ScenarioWorker.lowestOracle(oracle, price, exact, live) > trigger;
      if (clearFirst) {
        cleared++;
        assertTrue(clearExact, () -> oracle + " " + price + " " + bound + " " + exact);
      } else if (clearExact) {
        exactOnly++;
      }
    }
    // Both outcomes occur: the triggers sit where the margin decides.
    assertTrue(cleared > CASES / 10, "first pass cleared " + cleared);
    assertTrue(exactOnly > CASES / 10, "only the exact pass cleared " + exactOnly);
  }

  @Test
  void aLaggedOracleOrNoFallIsTheOracleItself() {
    assertEquals(2000.0, ScenarioWorker.lowestOracle(2000, 1900, -0.1, false));
    assertEquals(2000.0, ScenarioWorker.lowestOracle(2000, 1900, 0, true));
    assertEquals(2000.0, ScenarioWorker.lowestOracle(2000, 1900, Double.NaN, true));
    // Live: the market price fallen 10% (1,710), and the oracle by as much (2,000 - 190).
    assertEquals(1710.0, ScenarioWorker.lowestOracle(2000, 1900, -0.1, true), 1e-9);
    // Above the oracle: the market falls 220 to 1,980, the oracle by as much to 1,780.
    assertEquals(1780.0, ScenarioWorker.lowestOracle(2000, 2200, -0.1, true), 1e-9);
  }
}
