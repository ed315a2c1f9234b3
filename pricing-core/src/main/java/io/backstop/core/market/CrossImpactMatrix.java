package io.backstop.core.market;

import io.backstop.core.model.CrossImpact;
import java.util.List;
import java.util.Map;

/**
 * Cross-impact X = I + C, with C[target][source] the impact elasticity: the total log-impact vector
 * of one execution round is dI = X dI_own, one matrix-vector product. Stored dense and row-major
 * for {@link #get}, and without its zeros twice: by column for the product, which a round applies
 * to a vector whose entries are mostly zero (only the assets that traded moved), and by row for
 * callers that sum over what reaches one asset ({@link #rowStart}); {@link #isIdentity()} lets the
 * hot loop skip the product when no cross-impact is given.
 */
public final class CrossImpactMatrix {
  private final int n;
  private final double[] x;
  private final boolean identity;
  private final Sparse columns; // by source j: the targets it moves, increasing
  private final Sparse rows; // by target k: the sources that move it, increasing

  /**
   * The nonzero entries of X by line (a column or a row): for line l, entries e in [start[l],
   * start[l + 1]) at position {@code other[e]} along the line, with value {@code entry[e]}.
   */
  private record Sparse(int[] start, int[] other, double[] entry) {}

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
    columns = sparse(true);
    rows = sparse(false);
  }

  private Sparse sparse(boolean byColumn) {
    int nonzero = 0;
    for (double v : x) {
      nonzero += v != 0 ? 1 : 0;
    }
    int[] start = new int[n + 1];
    int[] other = new int[nonzero];
    double[] entry = new double[nonzero];
    int e = 0;
    for (int line = 0; line < n; line++) {
      start[line] = e;
      for (int along = 0; along < n; along++) {
        double v = byColumn ? x[along * n + line] : x[line * n + along];
        if (v != 0) {
          other[e] = along;
          entry[e++] = v;
        }
      }
    }
    start[n] = e;
    return new Sparse(start, other, entry);
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
      for (int e = columns.start[j]; e < columns.start[j + 1]; e++) {
        out[columns.other[e]] += columns.entry[e] * v;
      }
    }
  }

  /**
   * The nonzero entries of row {@code target} (the sources that move it, increasing): indices r in
   * [rowStart(target), rowEnd(target)), source {@link #rowSource}, entry {@link #rowEntry}.
   */
  public int rowStart(int target) {
    return rows.start[target];
  }

  /** End (exclusive) of row {@code target}'s nonzero entries. */
  public int rowEnd(int target) {
    return rows.start[target + 1];
  }

  /** The source of nonzero entry r. */
  public int rowSource(int r) {
    return rows.other[r];
  }

  /** The value X[target][source] of nonzero entry r. */
  public double rowEntry(int r) {
    return rows.entry[r];
  }
}
