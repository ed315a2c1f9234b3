package io.backstop.core.model;

import jakarta.validation.constraints.Positive;

/**
 * Constant depth in log-price: a sale whose proceeds are q USD moves ln P down by 0.01 q /
 * usdPerPercent (q / usdPerPercent percent), whatever the price level. Selling u units from price P
 * therefore ends at P' = P / (1 + 0.01 u P / usdPerPercent) and pays 100 usdPerPercent ln(P / P').
 *
 * @param usdPerPercent USD of selling that moves the price by 1%, > 0
 */
public record LinearDepth(
    @Finite @Positive(message = "must be > 0 (USD of selling that moves the price by 1%)")
        double usdPerPercent)
    implements DepthCurve {}
