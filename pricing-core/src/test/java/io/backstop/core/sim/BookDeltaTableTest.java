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

  private static double exactSlope(CompiledExposure b, double spot, double years) {
    double sum = 0;
    for (int i = 0; i < b.options; i++) {
      double t = b.optionExpiryYears[i] - years;
      sum +=
          b.optionWeight[i] * BlackScholes.gamma(spot, b.optionStrike[i], t, b.optionVol[i]) * spot;
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
    double[] slope = new double[2];
    BookDeltaTable table = new BookDeltaTable(b);
    double worst = 0;
    double worstSlope = 0;
    for (int step : new int[] {0, 3, 47, 95}) {
      double years = (step + 1) * b.stepYears;
      for (int s = -30_000; s <= 12_000; s++) {
        double move = s * 2.3e-5 + 1e-7; // -69% to +28% in log, off the nodes
        double interpolated = table.bookDelta(step, 0, move);
        assertTrue(!Double.isNaN(interpolated), "served at " + move);
        double spot = PRICE * Math.exp(move);
        worst = Math.max(worst, Math.abs(interpolated - exact(b, spot, years)));
        double same = table.deltaAndSlope(step, 0, move, slope);
        assertEquals(interpolated, same, 1e-9 * gross);
        worstSlope = Math.max(worstSlope, Math.abs(slope[0] - exactSlope(b, spot, years)));
      }
    }
    assertTrue(worst <= BookDeltaTable.TOLERANCE * gross, "worst error " + worst);
    // The bound is not vacuous: the interpolation does deviate, by less than the bound.
    assertTrue(worst > 0);
    // The Hermite derivative's error is at most sqrt(3) / 216 h^3 max |fourth derivative|, which
    // the spacing rule makes 3.08 tol gross / h, with h >= MIN_SPACING.
    double slopeBound = 3.08 * BookDeltaTable.TOLERANCE * gross / BookDeltaTable.MIN_SPACING;
    assertTrue(worstSlope <= slopeBound, "worst slope error " + worstSlope);
    assertTrue(worstSlope > 0);
  }

  @Test
  void expiredOptionsAndFarMovesAreLeftToExactEvaluation() {
    // Expires after 1 day: the last steps of a 2-day run have no time value left.
    Asset asset = new Asset("A", AssetClass.CRYPTO, PRICE, 0.8, 0, null, null, null);
    CompiledExposure b =
        new CompiledExposure(
            new ProtocolExposure(
                "table",
                List.of(asset),
                List.of(),
                List.of(),
                List.of(),
                List.of(new OptionPosition("A", OptionType.PUT, 1_900, 1, 0.7, 1, -1)),
                Controls.NONE),
            192,
            15);
    BookDeltaTable table = new BookDeltaTable(b);
    assertTrue(table.serves(0, 0));
    assertTrue(!Double.isNaN(table.bookDelta(0, 0, 0.001)));
    assertTrue(Double.isNaN(table.bookDelta(0, 0, -5.0)), "beyond the grid");
    assertTrue(Double.isNaN(table.bookDelta(0, 0, Double.NaN)));
    assertTrue(!table.serves(150, 0), "expired");
    assertTrue(Double.isNaN(table.bookDelta(150, 0, 0)));
    // Where the table does not serve, deltaAndSlope is the exact delta: a put past expiry at a
    // spot above its strike is worth nothing and has no delta.
    double[] slope = new double[2];
    assertEquals(0, table.deltaAndSlope(150, 0, 0, slope), 0);
    assertEquals(0, slope[0], 0);
  }
}
