package io.backstop.core.model;

import jakarta.validation.constraints.PositiveOrZero;

/**
 * The price source liquidations trigger on; liquidations execute at the market price. How each kind
 * is discretised on the simulation's step grid is described in {@code docs/model.md}.
 *
 * @param kind the oracle kind; required when the block is present (checked by {@link
 *     ExposureRules})
 * @param latencySeconds delay between the market and the reported price, seconds, >= 0
 * @param twapWindowMinutes TWAP averaging window, minutes; > 0 for {@link OracleKind#TWAP}
 * @param deviationThresholdFraction relative move that triggers a push update (0.005 = 0.5%)
 * @param heartbeatSeconds maximum time between push updates, seconds; 0 means no heartbeat
 */
public record Oracle(
    OracleKind kind,
    @Finite @PositiveOrZero(message = "must be >= 0 seconds") double latencySeconds,
    @Finite @PositiveOrZero(message = "must be >= 0 minutes") double twapWindowMinutes,
    @Finite @PositiveOrZero(message = "must be >= 0 (a fraction, 0.005 = 0.5%)")
        double deviationThresholdFraction,
    @Finite @PositiveOrZero(message = "must be >= 0 seconds (0: no heartbeat)")
        double heartbeatSeconds) {}
