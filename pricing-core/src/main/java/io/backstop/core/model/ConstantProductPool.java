package io.backstop.core.model;

import jakarta.validation.constraints.Positive;

/**
 * Constant-product (x y = k) pool of the asset against USD. Selling q units into a pool at (x, y)
 * ends at P' = P (x / (x + q))^2 and pays y - x y / (x + q). Only the pool's size matters: the pool
 * is rescaled so that its price equals the asset's market price (see {@code docs/model.md}).
 *
 * @param baseReserve base-asset reserve x, units of the asset, > 0
 * @param quoteReserveUsd quote reserve y, USD, > 0
 */
public record ConstantProductPool(
    @Finite @Positive(message = "must be > 0 (units of the asset in the pool)") double baseReserve,
    @Finite @Positive(message = "must be > 0 (USD in the pool)") double quoteReserveUsd)
    implements DepthCurve {}
