package io.backstop.core.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Market depth of an asset and how it recovers.
 *
 * <p>Neutral values: {@code curve} null means unlimited depth (no price impact; only the exit
 * capacity applies); {@code halfLifeMinutes} 0 means transient impact does not decay within the
 * horizon; {@code exitCapacityUsdPerHour} 0 means unlimited; {@code settlementDelayHours} 0 means
 * the sale reaches the market at once.
 *
 * @param curve the depth curve, or null for unlimited depth
 * @param halfLifeMinutes half-life of transient impact, minutes, >= 0: I *= 2^(-dt / halfLife)
 * @param permanentFraction fraction of each impact that never decays, in [0, 1]
 * @param exitCapacityUsdPerHour USD of the asset that can be sold per hour at all, >= 0
 * @param settlementDelayHours hours between a liquidation and its sale reaching the market, >= 0
 */
public record Liquidity(
    @Valid DepthCurve curve,
    @Finite @PositiveOrZero(message = "must be >= 0 minutes (0: impact does not decay)")
        double halfLifeMinutes,
    @Finite
        @PositiveOrZero(message = "must be in [0, 1] (a fraction of the impact)")
        @DecimalMax(value = "1", message = "must be in [0, 1] (a fraction of the impact)")
        double permanentFraction,
    @Finite @PositiveOrZero(message = "must be >= 0 USD per hour (0: unlimited)")
        double exitCapacityUsdPerHour,
    @Finite
        @PositiveOrZero(message = Liquidity.SETTLEMENT_MESSAGE)
        @DecimalMax(value = "8784", message = Liquidity.SETTLEMENT_MESSAGE)
        double settlementDelayHours) {

  /** Message of a bad {@code settlementDelayHours}: at most 366 days (see {@link Oracle}). */
  public static final String SETTLEMENT_MESSAGE = "must be in [0, 8784] hours (366 days)";
}
