package io.backstop.core.pricing;

/**
 * Premium of a cover layer over its term, broken into its parts (proto {@code
 * backstop.v1.PremiumBreakdown}; MODEL.md section 6). Built by {@link CoverPricer}, see there for
 * the formulas.
 *
 * <p>The parts add up exactly in double arithmetic, evaluated left to right: {@code expectedLossUsd
 * + riskLoadUsd + expenseLoadUsd == premiumUsd}; each part is >= 0.
 *
 * @param premiumUsd P = (EL_term + c (ES99_term - EL_term) T/365) / (1 - e), USD
 * @param expectedLossUsd EL_term, the mean layer loss over the term, USD
 * @param riskLoadUsd c (ES99_term - EL_term) T/365, USD (to within rounding, see {@link
 *     CoverPricer})
 * @param expenseLoadUsd P e = P - EL_term - risk load, USD
 * @param rateOnLine P / M, in [0, 1 / (1 - e)] because the layer pays at most M over the term
 * @param layerHitProbability probability that the layer pays anything during the term
 * @param premiumStdErrorUsd Monte Carlo standard error of P, USD (batch means over independent
 *     groups of scenarios); NaN when there are fewer scenarios than batches
 * @param termEs99Usd ES99_term, the 99% expected shortfall of the term's layer loss, USD
 * @param horizonsPerTerm n = termDays x 24 / horizonHours, not rounded
 */
public record PremiumQuote(
    double premiumUsd,
    double expectedLossUsd,
    double riskLoadUsd,
    double expenseLoadUsd,
    double rateOnLine,
    double layerHitProbability,
    double premiumStdErrorUsd,
    double termEs99Usd,
    double horizonsPerTerm) {}
