package io.backstop.core.options;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstop.core.model.OptionType;
import org.junit.jupiter.api.Test;

/** Normal CDF and Black-Scholes against SciPy ({@code scipy.special.ndtr}, {@code norm}). */
class BlackScholesTest {
  /** (x, ndtr(x)) from SciPy 1.x. */
  private static final double[][] NDTR = {
    {-40.0, 0.0},
    {-37.5, 4.605353009581954e-308},
    {-30.0, 4.906713927147908e-198},
    {-20.0, 2.7536241186061556e-89},
    {-10.0, 7.61985302416047e-24},
    {-8.0, 6.22096057427174e-16},
    {-7.07, 7.746684865636453e-13},
    {-7.0, 1.279812543885835e-12},
    {-6.0, 9.865876450376946e-10},
    {-5.0, 2.866515718791933e-07},
    {-4.0, 3.167124183311986e-05},
    {-3.0, 0.0013498980316300933},
    {-2.5, 0.006209665325776132},
    {-2.0, 0.022750131948179195},
    {-1.5, 0.06680720126885807},
    {-1.0, 0.15865525393145707},
    {-0.5, 0.3085375387259869},
    {-0.1, 0.460172162722971},
    {-1e-08, 0.4999999960105772},
    {0.0, 0.5},
    {1e-08, 0.5000000039894228},
    {0.1, 0.539827837277029},
    {0.5, 0.6914624612740131},
    {1.0, 0.8413447460685429},
    {1.5, 0.9331927987311419},
    {2.0, 0.9772498680518208},
    {3.0, 0.9986501019683699},
    {4.0, 0.9999683287581669},
    {5.0, 0.9999997133484281},
    {7.0, 0.9999999999987201},
    {8.0, 0.9999999999999993},
    {10.0, 1.0}
  };

  @Test
  void normalCdfMatchesScipyToOneInTenToTheTwelve() {
    for (double[] row : NDTR) {
      double x = row[0];
      double expected = row[1];
      assertEquals(expected, Normal.cdf(x), 1e-14, "absolute error at x = " + x);
      if (x < 0 && x > -37) {
        // Lower tail: relative accuracy matters for far out-of-the-money puts.
        assertEquals(1.0, Normal.cdf(x) / expected, 1e-12, "relative error at x = " + x);
      }
    }
  }

  @Test
  void pricesDeltasAndGammaMatchScipy() {
    // S = 100, K = 90, T = 0.25 y, sigma = 0.6; SciPy figures; tolerance 1e-12 relative.
    assertEquals(7.012879901849708, BlackScholes.price(OptionType.PUT, 100, 90, 0.25, 0.6), 1e-11);
    assertEquals(17.0128799018497, BlackScholes.price(OptionType.CALL, 100, 90, 0.25, 0.6), 1e-11);
    assertEquals(
        0.6918854176337346, BlackScholes.delta(OptionType.CALL, 100, 90, 0.25, 0.6), 1e-13);
    assertEquals(
        -0.30811458236626543, BlackScholes.delta(OptionType.PUT, 100, 90, 0.25, 0.6), 1e-13);
    assertEquals(0.011728453149086746, BlackScholes.gamma(100, 90, 0.25, 0.6), 1e-15);
  }

  @Test
  void expiredAndZeroVolatilityOptionsAreTheirPayoff() {
    assertEquals(-1, BlackScholes.delta(OptionType.PUT, 80, 90, 0, 0.6));
    assertEquals(0, BlackScholes.delta(OptionType.PUT, 100, 90, -1, 0.6));
    assertEquals(-0.5, BlackScholes.delta(OptionType.PUT, 90, 90, 0, 0.6));
    assertEquals(1, BlackScholes.delta(OptionType.CALL, 100, 90, 1, 0));
    assertEquals(0, BlackScholes.gamma(90, 90, 0, 0.6));
    assertEquals(10, BlackScholes.price(OptionType.PUT, 80, 90, 0, 0.6));
    assertEquals(0, BlackScholes.price(OptionType.CALL, 80, 90, 1, 0));
  }
}
