package io.backstop.core.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;

/**
 * An exogenous price shock for the stress path: P -> P (1 + shockFraction).
 *
 * @param assetId id of the shocked asset
 * @param shockFraction relative price change in (-1, 1]: -0.43 is a 43% fall
 */
public record Shock(
    @NotBlank(message = "must name an asset id") String assetId,
    @Finite
        @DecimalMin(
            value = "-1",
            inclusive = false,
            message = "must be in (-1, 1] (a relative price change, -0.43 is a 43% fall)")
        @DecimalMax(
            value = "1",
            message = "must be in (-1, 1] (a relative price change, -0.43 is a 43% fall)")
        double shockFraction) {}
