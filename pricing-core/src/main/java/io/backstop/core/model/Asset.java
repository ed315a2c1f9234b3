package io.backstop.core.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * One collateral asset and its market. Its log price follows, per step dt (in years of 365 days), d
 * ln P = -sigma^2 s^2 dt / 2 - jump compensator + sigma s sqrt(dt) (L eps) + jumps + impact, where
 * s^2 is the Student-t mixing variable (1 when Gaussian); see {@code docs/model.md}.
 *
 * <p>Neutral values: {@code tailDof} 0 is Gaussian; a null {@code jump} has no jumps; a null {@code
 * liquidity} has unlimited depth; a null {@code oracle} reads the market price with no lag.
 *
 * @param id unique id used by every other part of the request, at most {@value
 *     ExposureRules#MAX_ID_LENGTH} characters
 * @param assetClass the asset class (required)
 * @param priceUsd current market price of one unit, USD, in [1e-12, 1e12] (beyond, the products of
 *     prices the cascade's Jacobian takes overflow)
 * @param annualVolatility annualised volatility of log-returns, fraction, in [0, 10] (1,000% a
 *     year; beyond, a percentage written as a number: 75 for 0.75)
 * @param tailDof Student-t degrees of freedom: 0 for Gaussian, otherwise > 2 (checked by {@link
 *     ExposureRules})
 * @param jump compound-Poisson jumps, or null
 * @param liquidity market depth, or null for unlimited depth
 * @param oracle the oracle liquidations trigger on, or null for the market price
 */
public record Asset(
    @NotBlank(message = "must not be empty (an asset id such as \"WETH\")")
        @Size(
            max = ExposureRules.MAX_ID_LENGTH,
            message =
                "must be at most "
                    + ExposureRules.MAX_ID_LENGTH
                    + " characters (an asset id such as \"WETH\")")
        String id,
    @NotNull(
            message =
                "must be set (ASSET_CLASS_CRYPTO, ASSET_CLASS_STABLECOIN, ASSET_CLASS_NFT or"
                    + " ASSET_CLASS_RWA)")
        AssetClass assetClass,
    @Finite
        @DecimalMin(value = "1e-12", message = Asset.PRICE_MESSAGE)
        @DecimalMax(value = "1e12", message = Asset.PRICE_MESSAGE)
        double priceUsd,
    @Finite
        @PositiveOrZero(message = Asset.VOLATILITY_MESSAGE)
        @DecimalMax(value = "10", message = Asset.VOLATILITY_MESSAGE)
        double annualVolatility,
    @Finite @PositiveOrZero(message = Asset.TAIL_DOF_MESSAGE) double tailDof,
    @Valid JumpProcess jump,
    @Valid Liquidity liquidity,
    @Valid Oracle oracle) {
  /** Message of a bad {@code tailDof}: negative (the annotation) or in (0, 2] (ExposureRules). */
  public static final String TAIL_DOF_MESSAGE =
      "must be 0 (Gaussian) or > 2 (Student-t degrees of freedom with finite variance)";

  /** Message of a bad {@code priceUsd}. */
  public static final String PRICE_MESSAGE =
      "must be at least 1e-12 and at most 1e12 (a price in USD)";

  /** Message of a bad {@code annualVolatility}. */
  public static final String VOLATILITY_MESSAGE =
      "must be in [0, 10] (an annual volatility as a fraction: 0.8 = 80% a year)";

  /** The same asset trading on {@code newLiquidity}, read by {@code newOracle} (null: none). */
  public Asset withMarket(Liquidity newLiquidity, Oracle newOracle) {
    return new Asset(
        id, assetClass, priceUsd, annualVolatility, tailDof, jump, newLiquidity, newOracle);
  }
}
