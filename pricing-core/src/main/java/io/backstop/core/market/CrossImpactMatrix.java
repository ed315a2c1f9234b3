package io.backstop.core.market;

import io.backstop.core.model.CrossImpact;
import java.util.List;
import java.util.Map;

/**
 * Cross-impact X = I + C, with C[target][source] the impact elasticity: the total log-impact vector
 * of one execution round is dI = X dI_own, one matrix-vector product. Stored dense and row-major;
 * {@link #isIdentity()} lets the hot loop skip the product when no cross-impact is given.
 */
public final class CrossImpactMatrix {
  private final int n;
  private final double[] x;
  private final boolean identity;

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
  }

  /** True when X = I. */
  public boolean isIdentity() {
    return identity;
  }

  /** Entry X[target][source]. */
  public double get(int target, int source) {
    return x[target * n + source];
  }

  /** out = X in; {@code in} and {@code out} must be distinct arrays of length n. */
  public void apply(double[] in, double[] out) {
    for (int k = 0; k < n; k++) {
      double sum = 0;
      int row = k * n;
      for (int j = 0; j < n; j++) {
        sum += x[row + j] * in[j];
      }
      out[k] = sum;
    }
  }
}
