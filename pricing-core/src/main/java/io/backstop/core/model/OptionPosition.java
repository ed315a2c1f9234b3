package io.backstop.core.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Options on one asset that dealers hold and delta-hedge with Black-Scholes at zero rate. The
 * dealers' book delta is sum dealerSign x openInterest x delta_BS(S, t); dealers hold -delta in the
 * underlying, so they sell (book delta change) units when the book delta rises.
 *
 * @param assetId id of the underlying asset
 * @param optionType put or call (required)
 * @param strikeUsd strike, USD, > 0
 * @param expiryDays time to expiry from now, days, > 0
 * @param impliedVolatility annual implied volatility used for delta and gamma, > 0
 * @param openInterest open interest, units of the underlying, in [0, 1e18]
 * @param dealerSign -1 when dealers are short these options, +1 when long (checked by {@link
 *     ExposureRules})
 */
public record OptionPosition(
    @NotBlank(message = "must name an asset id") String assetId,
    @NotNull(message = "must be set (OPTION_TYPE_PUT or OPTION_TYPE_CALL)") OptionType optionType,
    @Finite @Positive(message = "must be > 0 (a strike in USD)") double strikeUsd,
    @Finite @Positive(message = "must be > 0 (days to expiry)") double expiryDays,
    @Finite @Positive(message = "must be > 0 (an annual implied volatility, 0.6 = 60%)")
        double impliedVolatility,
    @Finite
        @PositiveOrZero(message = OptionPosition.OPEN_INTEREST_MESSAGE)
        @DecimalMax(value = "1e18", message = OptionPosition.OPEN_INTEREST_MESSAGE)
        double openInterest,
    int dealerSign) {

  /** Message of a bad {@code openInterest}. */
  public static final String OPEN_INTEREST_MESSAGE =
      "must be >= 0 and at most 1e18 (units of the underlying)";
}
