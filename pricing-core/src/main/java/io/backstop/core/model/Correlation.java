package io.backstop.core.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;

/**
 * Correlation of two assets' log-returns (one off-diagonal entry of the correlation matrix, which
 * must be positive semi-definite: checked by {@link ExposureRules}).
 *
 * @param assetA id of the first asset
 * @param assetB id of the second asset; must differ from assetA
 * @param correlation coefficient in [-1, 1]
 */
public record Correlation(
    @NotBlank(message = "must name an asset id") String assetA,
    @NotBlank(message = "must name an asset id") String assetB,
    @Finite
        @DecimalMin(value = "-1", message = "must be in [-1, 1] (a correlation coefficient)")
        @DecimalMax(value = "1", message = "must be in [-1, 1] (a correlation coefficient)")
        double correlation) {}
