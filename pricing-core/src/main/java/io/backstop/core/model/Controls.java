package io.backstop.core.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The protocol's controls on liquidations and its first-loss buffer.
 *
 * <p>Neutral values: null breaker or rate limit means none; {@code liquidatorCapacityUsdPerStep} 0
 * means unlimited; {@code liquidationsPaused} true means no loan is ever liquidated (the loss is
 * then the shortfall at the horizon).
 *
 * @param circuitBreaker pauses an asset's liquidations after a sharp fall, or null
 * @param rateLimit caps USD liquidated per step per asset, or null
 * @param liquidatorCapacityUsdPerStep collateral value (USD at the oracle price) liquidators can
 *     absorb per step across the protocol, >= 0; 0 means unlimited
 * @param insuranceFundUsd first-loss buffer, USD, >= 0
 * @param liquidationsPaused true: no liquidation ever happens
 */
public record Controls(
    @Valid CircuitBreaker circuitBreaker,
    @Valid RateLimit rateLimit,
    @Finite @PositiveOrZero(message = "must be >= 0 USD per step (0: unlimited)")
        double liquidatorCapacityUsdPerStep,
    @Finite @PositiveOrZero(message = "must be >= 0 USD") double insuranceFundUsd,
    boolean liquidationsPaused) {

  /** No controls at all: the neutral value of an absent block. */
  public static final Controls NONE = new Controls(null, null, 0, 0, false);

  /** The same controls with {@code breaker} as the circuit breaker (null: none). */
  public Controls withCircuitBreaker(CircuitBreaker breaker) {
    return new Controls(
        breaker, rateLimit, liquidatorCapacityUsdPerStep, insuranceFundUsd, liquidationsPaused);
  }
}
