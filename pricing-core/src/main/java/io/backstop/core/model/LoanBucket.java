package io.backstop.core.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A bucket of loans of the same health: one collateral asset, USD (stablecoin) debt. Quantity and
 * debt are the bucket's totals, spread evenly over {@code count} loans. The bucket is liquidatable
 * when oraclePrice x collateralQuantity x liquidationThreshold < debtUsd.
 *
 * <p>Neutral values: {@code closeFactor} 0 means 1 (full liquidation); {@code count} 0 means 1.
 *
 * @param collateralAssetId id of the collateral asset
 * @param collateralQuantity total units of collateral, in [0, 1e18] (as an option's open interest;
 *     beyond, a sale's value on a pool or a ladder overflows and the collateral figures were NaN)
 * @param debtUsd total debt, USD, in [0, 1e15] (a larger one overflows the loss sums)
 * @param liquidationThreshold LT in (0, 1]
 * @param liquidationBonus bonus b in [0, 1): extra collateral given to the liquidator per USD
 *     repaid
 * @param closeFactor fraction of the debt one liquidation may repay, in (0, 1]; 0 means 1
 * @param count number of loans in the bucket, >= 0; 0 means 1. Each loan is one liquidator's, taken
 *     while its own sale pays (model 0.7.0: many small loans stop at the margin), and the largest
 *     single loan is the collateral table's standard position
 */
public record LoanBucket(
    @NotBlank(message = "must name an asset id") String collateralAssetId,
    @Finite
        @PositiveOrZero(message = LoanBucket.QUANTITY_MESSAGE)
        @DecimalMax(value = "1e18", message = LoanBucket.QUANTITY_MESSAGE)
        double collateralQuantity,
    @Finite
        @PositiveOrZero(message = LoanBucket.DEBT_MESSAGE)
        @DecimalMax(value = "1e15", message = LoanBucket.DEBT_MESSAGE)
        double debtUsd,
    @Finite
        @DecimalMin(
            value = "0",
            inclusive = false,
            message = "must be in (0, 1] (a liquidation threshold, 0.825 = 82.5%)")
        @DecimalMax(
            value = "1",
            message = "must be in (0, 1] (a liquidation threshold, 0.825 = 82.5%)")
        double liquidationThreshold,
    @Finite
        @PositiveOrZero(message = "must be in [0, 1) (a liquidation bonus, 0.05 = 5%)")
        @DecimalMax(
            value = "1",
            inclusive = false,
            message = "must be in [0, 1) (a liquidation bonus, 0.05 = 5%)")
        double liquidationBonus,
    @Finite
        @PositiveOrZero(message = "must be in (0, 1], or 0 for the default 1 (full liquidation)")
        @DecimalMax(
            value = "1",
            message = "must be in (0, 1], or 0 for the default 1 (full liquidation)")
        double closeFactor,
    @PositiveOrZero(message = "must be >= 0 (number of loans; 0 means 1)") int count) {

  /** Message of a bad {@code collateralQuantity}. */
  public static final String QUANTITY_MESSAGE =
      "must be >= 0 and at most 1e18 (units of collateral)";

  /** Message of a bad {@code debtUsd}. */
  public static final String DEBT_MESSAGE = "must be >= 0 and at most 1e15 (USD of debt)";

  /** The close factor with its neutral value applied: 0 becomes 1. */
  public double effectiveCloseFactor() {
    return closeFactor == 0 ? 1.0 : closeFactor;
  }

  /** The loan count with its neutral value applied: 0 becomes 1. */
  public int effectiveCount() {
    return count == 0 ? 1 : count;
  }
}
