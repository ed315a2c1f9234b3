package io.backstop.core.market;

import io.backstop.core.model.CrossImpact;
import java.util.List;
import java.util.Map;

/**
 * Cross-impact X = I + C, with C[target][source] the impact elasticity: the total log-impact vector
 * of one execution round is dI = X dI_own, one matrix-vector product. Stored dense and row-major
 * for {@link #get}, and by column without its zeros for the product, which a round applies to a
 * vector whose entries are mostly zero (only the assets that traded moved); {@link #isIdentity()}
 * lets the hot loop skip the product when no cross-impact is given.
 */
public final class CrossImpactMatrix {
  private final int n;
  private final double[] x;
  private final boolean identity;
  // The nonzero entries by source j: rows columnTarget[c] and values columnEntry[c] for c in
  // [columnStart[j], columnStart[j + 1]), rows increasing.
  private final int[] columnStart;
  private final int[] columnTarget;
  private final double[] columnEntry;

  /** Builds X from the entries; asset ids are resolved through {@code index}. */
  public CrossImpactMatrix(int assets, List<CrossImpact> entries, Map<String, Integer> index) {
    n = assets;
    x = new double[n * n];
    for (int k = 0; k < n; k++) {
      x[k * n + k] = 1;
    }
    for (CrossImpact c : entries) {
      x[index.get(c.targetAssetId()) * n + index.get(c.sourceAssetId())] += c.impactElasticity();
    }
    identity = entries.isEmpty();
    columnStart = new int[n + 1];
    int nonzero = 0;
    for (double v : x) {
      nonzero += v != 0 ? 1 : 0;
    }
    columnTarget = new int[nonzero];
    columnEntry = new double[nonzero];
    int c = 0;
    for (int j = 0; j < n; j++) {
      columnStart[j] = c;
      for (int k = 0; k < n; k++) {
        if (x[k * n + j] != 0) {
          columnTarget[c] = k;
          columnEntry[c] = x[k * n + j];
          c++;
        }
      }
    }
    columnStart[n] = c;
  }

  /** True when X = I. */
  public boolean isIdentity() {
    return identity;
  }

  /** Entry X[target][source]. */
  public double get(int target, int source) {
    return x[target * n + source];
  }

  /**
   * out = X in; {@code in} and {@code out} must be distinct arrays of length n. Each out[k] sums
   * its terms X[k][j] in[j] in increasing j, as the row-by-row product does, leaving out the terms
   * whose entry or input is zero: for finite inputs the same bits (a term +-0 does not change a sum
   * that starts at +0).
   */
  public void apply(double[] in, double[] out) {
    java.util.Arrays.fill(out, 0, n, 0.0);
    for (int j = 0; j < n; j++) {
      double v = in[j];
      if (v == 0) {
        continue;
      }
      for (int c = columnStart[j]; c < columnStart[j + 1]; c++) {
        out[columnTarget[c]] += columnEntry[c] * v;
      }
    }
  }
}
