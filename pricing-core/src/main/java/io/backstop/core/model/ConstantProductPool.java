package io.backstop.core.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/**
 * Constant-product (x y = k) pool of the asset against USD. Selling q units into a pool at (x, y)
 * ends at P' = P (x / (x + q))^2 and pays y - x y / (x + q). The pool is moved along its curve to
 * the asset's market price P0, keeping its invariant x y: its base reserve there is sqrt(x y / P0),
 * x itself when y = x P0 (model 0.6.0; see {@code docs/model.md}). The bounds keep the pool's
 * impact per USD, 2 / (x P), finite.
 *
 * @param baseReserve base-asset reserve x, units of the asset, in [1e-9, 1e18]
 * @param quoteReserveUsd quote reserve y, USD, in [1e-6, 1e15]
 */
public record ConstantProductPool(
    @Finite
        @DecimalMin(value = "1e-9", message = ConstantProductPool.BASE_MESSAGE)
        @DecimalMax(value = "1e18", message = ConstantProductPool.BASE_MESSAGE)
        double baseReserve,
    @Finite
        @DecimalMin(value = "1e-6", message = ConstantProductPool.QUOTE_MESSAGE)
        @DecimalMax(value = "1e15", message = ConstantProductPool.QUOTE_MESSAGE)
        double quoteReserveUsd)
    implements DepthCurve {

  /** Message of a bad {@code baseReserve}. */
  public static final String BASE_MESSAGE =
      "must be at least 1e-9 and at most 1e18 (units of the asset in the pool)";

  /** Message of a bad {@code quoteReserveUsd}. */
  public static final String QUOTE_MESSAGE =
      "must be at least 1e-6 and at most 1e15 (USD in the pool)";
}
