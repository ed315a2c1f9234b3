package io.backstop.core.model;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The cover layer an insurer quotes (proto {@code backstop.v1.CoverTerms}; MODEL.md section 6).
 *
 * <p>The layer pays, per horizon of H hours, the part of the protocol's loss L above the attachment
 * A, at most the limit M: min(max(L - A, 0), M); over the whole term it pays at most M in
 * aggregate: min(sum over the term's horizons of max(L_h - A, 0), M). See {@code
 * io.backstop.core.pricing.CoverPricer}.
 *
 * <p>The record accepts any values so that a Bean Validation provider can report every violation
 * with its field; the constraints are those annotated, and {@link #requireValid()} checks the same
 * rules with the same messages for callers without a provider (the pricer calls it). Besides the
 * per-field rules, the annual capital charge over the term may not exceed the capital itself:
 * costOfCapital x termDays / 365 <= 1 (otherwise a lower expected loss could raise the premium).
 *
 * @param attachmentUsd attachment A, USD per horizon, finite and >= 0
 * @param limitUsd limit M, USD, per horizon and in aggregate over the term, finite and > 0
 * @param termDays length of the cover, days, finite and > 0
 * @param costOfCapital annual cost of the capital held against the layer's tail, fraction per year
 *     (0.1 = 10%/year), finite and >= 0
 * @param expenseLoad expenses as a fraction of the premium, finite, in [0, 1)
 */
public record CoverTerms(
    @Finite(message = CoverTerms.ATTACHMENT_MESSAGE)
        @PositiveOrZero(message = CoverTerms.ATTACHMENT_MESSAGE)
        double attachmentUsd,
    @Finite(message = CoverTerms.LIMIT_MESSAGE) @Positive(message = CoverTerms.LIMIT_MESSAGE)
        double limitUsd,
    @Finite(message = CoverTerms.TERM_MESSAGE) @Positive(message = CoverTerms.TERM_MESSAGE)
        double termDays,
    @Finite(message = CoverTerms.COST_OF_CAPITAL_MESSAGE)
        @PositiveOrZero(message = CoverTerms.COST_OF_CAPITAL_MESSAGE)
        double costOfCapital,
    @Finite(message = CoverTerms.EXPENSE_LOAD_MESSAGE)
        @PositiveOrZero(message = CoverTerms.EXPENSE_LOAD_MESSAGE)
        @DecimalMax(value = "1", inclusive = false, message = CoverTerms.EXPENSE_LOAD_MESSAGE)
        double expenseLoad) {

  /** Message of a bad {@code attachmentUsd}. */
  public static final String ATTACHMENT_MESSAGE = "must be a finite number >= 0 (USD)";

  /** Message of a bad {@code limitUsd}. */
  public static final String LIMIT_MESSAGE = "must be a finite number > 0 (USD)";

  /** Message of a bad {@code termDays}. */
  public static final String TERM_MESSAGE = "must be a finite number > 0 (days)";

  /** Message of a bad {@code costOfCapital}. */
  public static final String COST_OF_CAPITAL_MESSAGE =
      "must be a finite number >= 0 (a fraction per year: 0.15 = 15%)";

  /** Message of a bad {@code expenseLoad}. */
  public static final String EXPENSE_LOAD_MESSAGE =
      "must be a finite number in [0, 1) (fraction of the premium)";

  /** Message of a capital charge above the capital. */
  public static final String CAPITAL_CHARGE_MESSAGE =
      "cost_of_capital x term_days / 365 must be <= 1: the capital charge over the term cannot"
          + " exceed the capital held";

  /**
   * The fraction of the capital (ES99 - EL) charged over the term: w = costOfCapital x termDays /
   * 365.
   */
  public double capitalChargeFraction() {
    return costOfCapital * termDays / 365.0;
  }

  /**
   * Cross-field rule: w = costOfCapital x termDays / 365 <= 1. True when either field is itself
   * invalid, which its own constraint reports.
   */
  @AssertTrue(message = CAPITAL_CHARGE_MESSAGE)
  public boolean isCapitalChargeWithinCapital() {
    if (!Double.isFinite(costOfCapital) || !Double.isFinite(termDays)) {
      return true;
    }
    // Finite inputs whose product overflows are too large, not exempt.
    return capitalChargeFraction() <= 1.0;
  }

  /**
   * Checks every constraint of this record, in component order, and throws on the first broken one.
   *
   * @return this
   * @throws IllegalArgumentException with the constraint's message and the offending value
   */
  public CoverTerms requireValid() {
    check(
        Double.isFinite(attachmentUsd) && attachmentUsd >= 0.0, ATTACHMENT_MESSAGE, attachmentUsd);
    check(Double.isFinite(limitUsd) && limitUsd > 0.0, LIMIT_MESSAGE, limitUsd);
    check(Double.isFinite(termDays) && termDays > 0.0, TERM_MESSAGE, termDays);
    check(
        Double.isFinite(costOfCapital) && costOfCapital >= 0.0,
        COST_OF_CAPITAL_MESSAGE,
        costOfCapital);
    check(
        Double.isFinite(expenseLoad) && expenseLoad >= 0.0 && expenseLoad < 1.0,
        EXPENSE_LOAD_MESSAGE,
        expenseLoad);
    check(isCapitalChargeWithinCapital(), CAPITAL_CHARGE_MESSAGE, capitalChargeFraction());
    return this;
  }

  private static void check(boolean ok, String message, double value) {
    if (!ok) {
      throw new IllegalArgumentException(message + ", got " + value);
    }
  }
}
