package io.backstop.core.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.core.sim.NumericalException;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The spectral radius against the closed form of a 2 x 2 matrix, at ordinary and at extreme scales:
 * the decomposition of a Jacobian with entries near the top of the double range runs on it divided
 * by a power of two, so it neither overflows nor fails to converge.
 */
class CascadeIndexTest {
  /** Spectral radius of [[a, b], [c, d]] with real eigenvalues: |tr/2| + sqrt((tr/2)^2 - det). */
  private static double closedForm(double a, double b, double c, double d) {
    double half = (a + d) / 2;
    return Math.abs(half) + Math.sqrt(half * half - (a * d - b * c));
  }

  @Test
  void spectralRadiusMatchesTheClosedFormAtEveryScale() {
    double a = 0.5;
    double b = 0.1;
    double c = 0.2;
    double d = 0.3;
    double expected = closedForm(a, b, c, d);
    for (double scale : new double[] {1, 1e-300, 1e100, 1e300, 1e307}) {
      DMatrixRMaj j =
          new DMatrixRMaj(new double[][] {{a * scale, b * scale}, {c * scale, d * scale}});
      CascadeIndex index = CascadeIndex.of(j);
      assertEquals(1, index.spectralRadius() / (expected * scale), 1e-12, "scale " + scale);
      assertEquals(expected * scale >= 1, index.runaway(), "scale " + scale);
    }
  }

  @Test
  void aNonFiniteEntryIsANumericalFailureNotANumber() {
    DMatrixRMaj j = new DMatrixRMaj(new double[][] {{0.5, Double.POSITIVE_INFINITY}, {0, 0.1}});
    var e = assertThrows(NumericalException.class, () -> CascadeIndex.of(j));
    assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
  }

  /**
   * rho = 1 exactly is a runaway (MODEL.md section 4: rho >= 1): I - J is singular there, so no
   * amplification is reported. J = diag(1, 0.5) has eigenvalues 1 and 0.5 exactly.
   */
  @Test
  void aSpectralRadiusOfExactlyOneIsARunaway() {
    CascadeIndex index = CascadeIndex.of(new DMatrixRMaj(new double[][] {{1, 0}, {0, 0.5}}));
    assertEquals(1.0, index.spectralRadius(), 0.0);
    assertTrue(index.runaway());
    assertNull(index.amplification());
  }
}
