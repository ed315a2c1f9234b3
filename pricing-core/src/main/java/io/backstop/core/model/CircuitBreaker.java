package io.backstop.core.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;

/**
 * Circuit breaker: when an asset's oracle price falls by dropFraction or more below its highest
 * reading within the last windowMinutes, that asset's liquidations pause for pauseMinutes.
 *
 * @param dropFraction fall that trips the breaker, in (0, 1)
 * @param windowMinutes window over which the fall is measured, minutes, > 0
 * @param pauseMinutes how long liquidations stay paused, minutes, > 0
 */
public record CircuitBreaker(
    @Finite
        @Positive(message = "must be in (0, 1) (a fall as a fraction, 0.2 = 20%)")
        @DecimalMax(
            value = "1",
            inclusive = false,
            message = "must be in (0, 1) (a fall as a fraction, 0.2 = 20%)")
        double dropFraction,
    @Finite @Positive(message = "must be > 0 minutes") double windowMinutes,
    @Finite @Positive(message = "must be > 0 minutes") double pauseMinutes) {}
