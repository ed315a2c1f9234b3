package io.backstop.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstop.core.Fixtures;
import io.backstop.core.model.CircuitBreaker;
import io.backstop.core.model.Controls;
import io.backstop.core.model.Correlation;
import io.backstop.core.model.LoanBucket;
import io.backstop.core.model.OptionPosition;
import io.backstop.core.model.OptionType;
import io.backstop.core.model.ProtocolExposure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What compiling a book computes once: the square root of the correlation matrix (R R' = C, also
 * when C is singular), the loans sorted by initial health, the hedged assets, and durations in
 * steps.
 */
class CompiledExposureTest {
  private static ProtocolExposure threeAssets(
      List<Correlation> correlations,
      List<LoanBucket> buckets,
      List<OptionPosition> options,
      Controls controls) {
    return new ProtocolExposure(
        "compiled",
        List.of(
            Fixtures.plainAsset("A", 100, 0.5),
            Fixtures.plainAsset("B", 100, 0.5),
            Fixtures.plainAsset("C", 100, 0.5)),
        correlations,
        List.of(),
        buckets,
        options,
        controls);
  }

  /** R R' against C, entry by entry, to 1e-12 (a few roundings of numbers of order 1). */
  private static void assertRootOf(double[][] c, double[] root) {
    int n = c.length;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double product = 0;
        for (int k = 0; k < n; k++) {
          product += root[i * n + k] * root[j * n + k];
        }
        assertEquals(c[i][j], product, 1e-12, "(R R')[" + i + "][" + j + "]");
      }
    }
  }

  /**
   * R R' = C whichever asset of a pair is named first: (A, B) = 0.5 and (C, A) = -0.3, (B, C) =
   * 0.2, positive definite (the Cholesky factor); and A, B, C perfectly correlated (C = all ones,
   * rank 1: the Cholesky factor is not finite or not found, and the eigen decomposition serves).
   */
  @Test
  void theCorrelationRootReproducesTheMatrixAlsoWhenItIsSingular() {
    Map<String, Integer> index = Map.of("A", 0, "B", 1, "C", 2);
    ProtocolExposure definite =
        threeAssets(
            List.of(
                new Correlation("A", "B", 0.5),
                new Correlation("C", "A", -0.3),
                new Correlation("B", "C", 0.2)),
            List.of(),
            List.of(),
            Controls.NONE);
    assertRootOf(
        new double[][] {{1, 0.5, -0.3}, {0.5, 1, 0.2}, {-0.3, 0.2, 1}},
        CompiledExposure.correlationRoot(definite, index, 3));
    ProtocolExposure singular =
        threeAssets(
            List.of(
                new Correlation("B", "A", 1),
                new Correlation("A", "C", 1),
                new Correlation("C", "B", 1)),
            List.of(),
            List.of(),
            Controls.NONE);
    assertRootOf(
        new double[][] {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}},
        CompiledExposure.correlationRoot(singular, index, 3));
  }

  /**
   * Loans are sorted by initial health P0 Q LT / D, least healthy first: at P0 = 100 and LT = 0.8,
   * 100 units owing 5,000 USD are at 1.6 and 1 unit owing 70 USD at 1.14, so the second comes
   * first, and a loan without debt (health infinite) last.
   */
  @Test
  void loansAreSortedByInitialHealth() {
    ProtocolExposure e =
        threeAssets(
            List.of(),
            List.of(
                Fixtures.loan("A", 100, 5_000, 0.8, 0),
                Fixtures.loan("B", 10, 0, 0.8, 0),
                Fixtures.loan("C", 1, 70, 0.8, 0)),
            List.of(),
            Controls.NONE);
    CompiledExposure book = new CompiledExposure(e, 96, 15);
    assertArrayEquals(new double[] {70, 5_000, 0}, book.bucketDebt);
    assertArrayEquals(new int[] {2, 0, 1}, book.bucketAsset);
    // LT counts as a factor: the first loan at LT 0.5 is at 1.0, below the 1.14 of the second.
    ProtocolExposure lowLt =
        threeAssets(
            List.of(),
            List.of(Fixtures.loan("A", 100, 5_000, 0.5, 0), Fixtures.loan("C", 1, 70, 0.8, 0)),
            List.of(),
            Controls.NONE);
    assertArrayEquals(
        new int[] {0, 2}, new CompiledExposure(lowLt, 96, 15).bucketAsset, "sorted by P0 Q LT / D");
  }

  /** Options on B and C (two on C): the hedged assets are B and C, in asset order. */
  @Test
  void theHedgedAssetsAreThoseWithOptionsInAssetOrder() {
    ProtocolExposure e =
        threeAssets(
            List.of(),
            List.of(),
            List.of(
                new OptionPosition("C", OptionType.PUT, 90, 7, 0.5, 10, -1),
                new OptionPosition("B", OptionType.CALL, 110, 7, 0.5, 10, 1),
                new OptionPosition("C", OptionType.CALL, 110, 7, 0.5, 10, -1)),
            Controls.NONE);
    CompiledExposure book = new CompiledExposure(e, 96, 15);
    assertArrayEquals(new int[] {1, 2}, book.hedgedAssets);
    assertArrayEquals(new int[] {1, 0, 2}, book.optionByAsset);
  }

  /**
   * A breaker's window and pause in steps: 60 minutes at 15-minute steps are 4 steps, a 40-minute
   * pause is covered by ceil(40 / 15) = 3.
   */
  @Test
  void aBreakersWindowAndPauseAreCountedInSteps() {
    ProtocolExposure e =
        threeAssets(
            List.of(),
            List.of(),
            List.of(),
            new Controls(new CircuitBreaker(0.2, 60, 40), null, 0, 0, false));
    CompiledExposure book = new CompiledExposure(e, 96, 15);
    assertEquals(4, book.breakerWindowSteps);
    assertEquals(3, book.breakerPauseSteps);
  }
}
