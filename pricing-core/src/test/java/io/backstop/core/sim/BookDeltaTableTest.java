package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.Controls;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.options.BlackScholes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Monte Carlo's tabulated book delta against the exact Black-Scholes sum: the interpolation
 * error stays within its stated bound, {@link BookDeltaTable#TOLERANCE} per unit of gross open
 * interest, and the table hands back to exact evaluation where it does not serve.
 */
class BookDeltaTableTest {
  private static final double PRICE = 2_000;

  private static CompiledExposure book(List<OptionPosition> options) {
    Asset asset = new Asset("A", AssetClass.CRYPTO, PRICE, 0.8, 0, null, null, null);
    return new CompiledExposure(
        new ProtocolExposure(
            "table", List.of(asset), List.of(), List.of(), List.of(), options, Controls.NONE),
        96,
        15);
  }

  private static double exact(CompiledExposure b, double spot, double years) {
    double sum = 0;
    for (int i = 0; i < b.options; i++) {
      sum +=
          b.optionWeight[i]
              * BlackScholes.delta(
                  b.optionType[i],
                  spot,
                  b.optionStrike[i],
                  b.optionExpiryYears[i] - years,
                  b.optionVol[i]);
    }
    return sum;
  }

  @Test
  void interpolatedBookDeltaIsWithinTheBoundOfTheExactSum() {
    // Short puts and calls at and away from the money, 7 to 90 days: the shortest (v = 0.6
    // sqrt(7/365) = 0.083) sets the spacing.
    List<OptionPosition> options =
        List.of(
            new OptionPosition("A", OptionType.PUT, 1_900, 30, 0.7, 40_000, -1),
            new OptionPosition("A", OptionType.PUT, 1_600, 7, 0.6, 25_000, -1),
            new OptionPosition("A", OptionType.CALL, 2_100, 90, 0.65, 30_000, -1),
            new OptionPosition("A", OptionType.CALL, 2_000, 14, 0.9, 10_000, 1));
    CompiledExposure b = book(options);
    double gross = 105_000;
    double[] vol = new double[b.options];
    double[] half = new double[b.options];
    double[] f = new double[1];
    double[] impact = new double[1];
    BookDeltaTable table = new BookDeltaTable(b);
    double worst = 0;
    for (double years : new double[] {0.25 / 24 / 365, 1.0 / 365, 5.0 / 365}) {
      for (int i = 0; i < b.options; i++) {
        vol[i] = BlackScholes.totalVolatility(b.optionExpiryYears[i] - years, b.optionVol[i]);
        half[i] = 0.5 * vol[i] * vol[i];
      }
      f[0] = -0.05;
      impact[0] = 0.002;
      table.startStep(vol, f, impact);
      for (int s = -3000; s <= 3000; s++) {
        double move = -0.048 + s * 1.3e-5; // +-4% around the anchor, off the nodes
        double interpolated = table.bookDelta(0, move, vol, half);
        assertTrue(!Double.isNaN(interpolated), "served at " + move);
        double error = Math.abs(interpolated - exact(b, PRICE * Math.exp(move), years));
        worst = Math.max(worst, error);
      }
    }
    assertTrue(worst <= BookDeltaTable.TOLERANCE * gross, "worst error " + worst);
    // The bound is not vacuous: the interpolation does deviate, by less than the bound.
    assertTrue(worst > 0);
  }

  @Test
  void atNodesTheTableIsTheExactDelta() {
    CompiledExposure b =
        book(List.of(new OptionPosition("A", OptionType.PUT, 1_900, 30, 0.7, 1, -1)));
    double[] vol = {BlackScholes.totalVolatility(30 / 365.0, 0.7)};
    double[] half = {0.5 * vol[0] * vol[0]};
    BookDeltaTable table = new BookDeltaTable(b);
    table.startStep(vol, new double[] {0}, new double[] {0});
    assertEquals(exact(b, PRICE, 0), table.bookDelta(0, 0, vol, half), 1e-15);
  }

  @Test
  void expiredOptionsAndFarMovesAreLeftToExactEvaluation() {
    CompiledExposure b =
        book(List.of(new OptionPosition("A", OptionType.PUT, 1_900, 1, 0.7, 1, -1)));
    BookDeltaTable table = new BookDeltaTable(b);
    // At expiry the delta jumps at the strike: no table.
    double[] zero = {0};
    table.startStep(zero, new double[] {0}, new double[] {0});
    assertTrue(Double.isNaN(table.bookDelta(0, 0, zero, zero)));
    // Alive: served near the anchor, not 64 nodes away.
    double[] vol = {BlackScholes.totalVolatility(1 / 365.0, 0.7)};
    double[] half = {0.5 * vol[0] * vol[0]};
    table.startStep(vol, new double[] {0}, new double[] {0});
    assertTrue(!Double.isNaN(table.bookDelta(0, 0.001, vol, half)));
    assertTrue(Double.isNaN(table.bookDelta(0, 2.0, vol, half)));
    assertTrue(Double.isNaN(table.bookDelta(0, Double.NaN, vol, half)));
  }
}
