package io.backstop.core.model;

import jakarta.validation.constraints.Positive;

/**
 * One level of a {@link BidLadder}.
 *
 * @param priceUsd bid price, USD per unit, > 0
 * @param quantity units of the asset bid at this price, > 0
 */
public record BidLevel(
    @Finite @Positive(message = "must be > 0 (a bid price in USD)") double priceUsd,
    @Finite @Positive(message = "must be > 0 (units of the asset bid at this price)")
        double quantity) {}
