package io.backstop.core.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/**
 * Constant depth in log-price: a sale whose proceeds are q USD moves ln P down by 0.01 q /
 * usdPerPercent (q / usdPerPercent percent), whatever the price level. Selling u units from price P
 * therefore ends at P' = P / (1 + 0.01 u P / usdPerPercent) and pays 100 usdPerPercent ln(P / P').
 *
 * @param usdPerPercent USD of selling that moves the price by 1%, at least 1e-6 (a millionth of a
 *     dollar; below it, the subnormal numbers a client may send, the impact per USD 100 /
 *     usdPerPercent overflows and the cascade Jacobian with it), at most 1e15 (as a pool's quote
 *     reserve; beyond, a sale's move 0.01 q / usdPerPercent is below the rounding of the price it
 *     moves, and at 1e308 the slippage was NaN)
 */
public record LinearDepth(
    @Finite
        @DecimalMin(value = "1e-6", message = LinearDepth.MESSAGE)
        @DecimalMax(value = "1e15", message = LinearDepth.MESSAGE)
        double usdPerPercent)
    implements DepthCurve {

  /** Message of a bad {@code usdPerPercent}. */
  public static final String MESSAGE =
      "must be in [1e-6, 1e15] (USD of selling that moves the price by 1%)";
}
