package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.model.Asset;
import io.backstop.core.model.AssetClass;
import io.backstop.core.model.Controls;
import io.backstop.core.model.ProtocolExposure;
import io.backstop.core.options.Normal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Student-t tails of several dofs in one book (model 0.8.0): each step's chi-squares are nested,
 * the larger dof's the smaller's plus an independent chi-square of the difference, so every asset
 * keeps its own t marginal and tails of different dofs come in the same steps. Before, each dof
 * drew its own chi-square and a correlation rho between a t(3) and a t(4) asset became 0.71 rho in
 * the returns; nested it is 0.90 rho. Tolerances: 4 standard errors of each sample mean.
 */
class MixedTailsTest {
  private static final int DRAWS = 200_000;
  // Increments 3, 1, 1, 3: two of them below 2 degrees, drawn with Marsaglia-Tsang's boost.
  private static final double[] DOFS = {3, 4, 5, 8};

  /** One step's mixing variables s = sqrt((nu - 2) / chi-square) per dof group, DRAWS times. */
  private static double[][] mixing(CompiledExposure book) {
    ScenarioWorker w = new ScenarioWorker(book, null, false);
    double[][] s = new double[book.dofValues.length][DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      w.reset();
      w.random.reset(7, i);
      w.beforeCascade(0);
      for (int g = 0; g < s.length; g++) {
        s[g][i] = w.mixing[g];
      }
    }
    return s;
  }

  /** Six assets: t(8), t(3), a Gaussian, t(5), t(4) and a second t(5), in that order. */
  private static CompiledExposure book() {
    double[] dofs = {8, 3, 0, 5, 4, 5};
    List<Asset> assets = new java.util.ArrayList<>();
    for (int k = 0; k < dofs.length; k++) {
      assets.add(new Asset("A" + k, AssetClass.CRYPTO, 100, 0.8, dofs[k], null, null, null));
    }
    return new CompiledExposure(
        new ProtocolExposure(
            "tails", assets, List.of(), List.of(), List.of(), List.of(), Controls.NONE),
        4,
        15);
  }

  @Test
  void assetsShareTheirDofsGroupAndTheGroupsAreInIncreasingDof() {
    CompiledExposure book = book();
    assertEquals(
        List.of(3.0, 4.0, 5.0, 8.0), java.util.Arrays.stream(book.dofValues).boxed().toList());
    double[] dofs = {8, 3, 0, 5, 4, 5};
    for (int k = 0; k < dofs.length; k++) {
      if (dofs[k] == 0) {
        assertEquals(-1, book.dofGroup[k], "the Gaussian asset has no group");
      } else {
        assertEquals(dofs[k], book.dofValues[book.dofGroup[k]], "asset " + k);
      }
    }
    assertEquals(book.dofGroup[3], book.dofGroup[5]);
  }

  @Test
  void theChiSquaresAreNestedAndEachHasItsOwnDistribution() {
    CompiledExposure book = book();
    double[][] s = mixing(book);
    double[][] chi = new double[DOFS.length][DRAWS];
    for (int g = 0; g < DOFS.length; g++) {
      for (int i = 0; i < DRAWS; i++) {
        chi[g][i] = (DOFS[g] - 2) / (s[g][i] * s[g][i]);
        if (g > 0) {
          // Every draw: the larger dof's chi-square is the smaller's plus a positive increment.
          assertTrue(chi[g][i] >= chi[g - 1][i] * (1 - 1e-15), "draw " + i + " group " + g);
        }
      }
    }
    for (int g = 0; g < DOFS.length; g++) {
      double nu = DOFS[g];
      // E[chi2_nu] = nu; E[s] = sqrt((nu - 2) / 2) Gamma((nu - 1) / 2) / Gamma(nu / 2).
      assertMean(nu, chi[g], "E[chi2] of dof " + nu);
      assertMean(
          Math.sqrt((nu - 2) / 2) * gamma((nu - 1) / 2) / gamma(nu / 2), s[g], "E[s] of dof " + nu);
    }
    // The distributions, not only the means, at one point each: P(chi2_3 <= 3) = 2 Phi(sqrt 3) - 1
    // - sqrt(6 / pi) e^-1.5; P(chi2_4 <= 4) = 1 - 3 e^-2; the boosted increment of one degree,
    // chi2_4 - chi2_3 ~ Z^2: P(<= 1) = 2 Phi(1) - 1.
    double[] increment = new double[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      increment[i] = chi[1][i] - chi[0][i];
    }
    assertShare(
        2 * Normal.cdf(Math.sqrt(3)) - 1 - Math.sqrt(6 / Math.PI) * Math.exp(-1.5), chi[0], 3, "3");
    assertShare(1 - 3 * Math.exp(-2), chi[1], 4, "4");
    assertShare(2 * Normal.cdf(1) - 1, increment, 1, "the increment of 1");
  }

  @Test
  void tailsOfDifferentDofsComeTogether() {
    // E[s_5 s_8] nested: with chi2_8 = T, chi2_5 = T B, B ~ Beta(5/2, 3/2) independent of T,
    // s_5 s_8 = sqrt(3 x 6) / (T sqrt B): sqrt(3 / 6) Gamma(2) Gamma(4) / (Gamma(5/2) Gamma(7/2))
    // = 0.960, where independent draws gave E[s_5] E[s_8] = 0.921 x 0.959 = 0.884. (Pairs with
    // dof 3 or 4 have no finite variance of the product to test against.)
    double[][] s = mixing(book());
    double[] product = new double[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      product[i] = s[2][i] * s[3][i];
    }
    double nested = Math.sqrt(3.0 / 6) * gamma(2) * gamma(4) / (gamma(2.5) * gamma(3.5));
    assertEquals(0.960, nested, 5e-4);
    assertMean(nested, product, "E[s_5 s_8]");
  }

  /** Gamma at a positive multiple of 1/2. */
  private static double gamma(double x) {
    double g = Math.rint(2 * x) % 2 == 0 ? 1 : Math.sqrt(Math.PI);
    for (double y = Math.rint(2 * x) % 2 == 0 ? 1 : 0.5; y < x - 0.25; y++) {
      g *= y;
    }
    return g;
  }

  private static void assertMean(double expected, double[] x, String what) {
    double mean = MonteCarloStats.mean(x);
    double se = MonteCarloStats.standardError(x);
    assertEquals(expected, mean, 4 * se, what + ": " + mean + " +- " + se);
  }

  private static void assertShare(double p, double[] x, double at, String what) {
    int below = 0;
    for (double v : x) {
      below += v <= at ? 1 : 0;
    }
    double se = Math.sqrt(p * (1 - p) / x.length);
    assertEquals(p, (double) below / x.length, 4 * se, "P(chi2 <= " + at + ") of " + what);
  }
}
