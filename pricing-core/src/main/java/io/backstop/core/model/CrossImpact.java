package io.backstop.core.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;

/**
 * Cross-impact: a change dI of the source asset's log price caused by its own selling moves the
 * target's log price by impactElasticity x dI (entry C[target][source] of the cross-impact matrix).
 *
 * @param sourceAssetId id of the asset being sold
 * @param targetAssetId id of the asset whose price also moves; must differ from the source
 * @param impactElasticity elasticity in [-1, 1] (0.9 for a liquid staking token on its base)
 */
public record CrossImpact(
    @NotBlank(message = "must name an asset id") String sourceAssetId,
    @NotBlank(message = "must name an asset id") String targetAssetId,
    @Finite
        @DecimalMin(value = "-1", message = "must be in [-1, 1] (an impact elasticity)")
        @DecimalMax(value = "1", message = "must be in [-1, 1] (an impact elasticity)")
        double impactElasticity) {}
