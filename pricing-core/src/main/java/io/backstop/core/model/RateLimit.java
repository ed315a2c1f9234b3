package io.backstop.core.model;

import jakarta.validation.constraints.Positive;

/**
 * Per-asset liquidation rate limit.
 *
 * @param maxLiquidationUsdPerStep maximum collateral value (USD at the oracle price) liquidated per
 *     simulation step per asset, > 0
 */
public record RateLimit(
    @Finite @Positive(message = "must be > 0 (USD of collateral per step)")
        double maxLiquidationUsdPerStep) {}
