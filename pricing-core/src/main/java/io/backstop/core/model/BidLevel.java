package io.backstop.core.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/**
 * One level of a {@link BidLadder}. The bounds keep the ladder's impact per USD (a band over the
 * USD bid in it) finite: a subnormal quantity made it infinite, and the cascade Jacobian with it.
 *
 * @param priceUsd bid price, USD per unit, in [1e-9, 1e12]
 * @param quantity units of the asset bid at this price, in [1e-9, 1e18]
 */
public record BidLevel(
    @Finite
        @DecimalMin(value = "1e-9", message = BidLevel.PRICE_MESSAGE)
        @DecimalMax(value = "1e12", message = BidLevel.PRICE_MESSAGE)
        double priceUsd,
    @Finite
        @DecimalMin(value = "1e-9", message = BidLevel.QUANTITY_MESSAGE)
        @DecimalMax(value = "1e18", message = BidLevel.QUANTITY_MESSAGE)
        double quantity) {

  /** Message of a bad {@code priceUsd}. */
  public static final String PRICE_MESSAGE =
      "must be at least 1e-9 and at most 1e12 (a bid price in USD)";

  /** Message of a bad {@code quantity}. */
  public static final String QUANTITY_MESSAGE =
      "must be at least 1e-9 and at most 1e18 (units of the asset bid at this price)";
}
