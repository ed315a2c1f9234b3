package io.backstop.core.risk;

import io.backstop.core.sim.NumericalException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The Liquidation Cascade Index rho(J), the spectral radius of the cascade Jacobian (largest
 * eigenvalue modulus, general eigen decomposition), and the amplification matrix A = (I - J)^-1 = I
 * + J + J^2 + ... when rho < 1: the total log move of each asset per unit exogenous log move of
 * each asset. rho >= 1 is a runaway: the series diverges and A is not reported.
 *
 * @param spectralRadius rho(J)
 * @param runaway rho >= 1
 * @param amplification (I - J)^-1 row-major K x K, or null when runaway
 */
public record CascadeIndex(double spectralRadius, boolean runaway, double[][] amplification) {
  /** Entries above this (2^100), or all below its inverse, are scaled before the decomposition. */
  private static final double LARGE_ENTRY = 0x1p100;

  /**
   * Computes the index and amplification of {@code jacobian} (not modified).
   *
   * @throws NumericalException when the eigen decomposition does not converge or I - J is singular
   */
  public static CascadeIndex of(DMatrixRMaj jacobian) {
    int n = jacobian.numRows;
    if (n != jacobian.numCols) {
      throw new IllegalArgumentException(
          "the Jacobian must be square, was " + jacobian.numRows + " x " + jacobian.numCols);
    }
    // A Jacobian whose largest entry is beyond 2^100 (a book near the validation's bounds reaches
    // 1e30) or below 2^-100 is decomposed divided by a power of two, which is exact, so that the
    // iterations neither overflow nor fall under the decomposition's absolute tolerances (which
    // read a matrix of entries near 1e-300 as zero); its eigenvalues are those of J divided by the
    // same power. Any other Jacobian is decomposed as it is, to the bit as before.
    double largest = CommonOps_DDRM.elementMaxAbs(jacobian);
    if (!Double.isFinite(largest)) {
      throw new NumericalException("the cascade Jacobian has a non-finite entry");
    }
    double scale =
        largest > LARGE_ENTRY || (largest > 0 && largest < 1 / LARGE_ENTRY)
            ? Math.scalb(1.0, Math.getExponent(largest))
            : 1;
    DMatrixRMaj scaled = jacobian.copy();
    if (scale != 1) {
      CommonOps_DDRM.divide(scaled, scale);
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
    if (!eig.decompose(scaled)) {
      throw new NumericalException("eigen decomposition of the cascade Jacobian did not converge");
    }
    double rho = 0;
    for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
      rho = Math.max(rho, eig.getEigenvalue(i).getMagnitude());
    }
    rho *= scale;
    if (rho >= 1) {
      return new CascadeIndex(rho, true, null);
    }
    DMatrixRMaj iMinusJ = CommonOps_DDRM.identity(n);
    CommonOps_DDRM.subtractEquals(iMinusJ, jacobian);
    LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(n);
    if (!lu.setA(iMinusJ)) {
      throw new NumericalException("I - J is singular although rho(J) = " + rho + " < 1");
    }
    DMatrixRMaj a = new DMatrixRMaj(n, n);
    lu.solve(CommonOps_DDRM.identity(n), a);
    double[][] rows = new double[n][n];
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        rows[k][j] = a.get(k, j);
      }
    }
    return new CascadeIndex(rho, false, rows);
  }
}
