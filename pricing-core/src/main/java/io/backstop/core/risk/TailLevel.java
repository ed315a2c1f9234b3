package io.backstop.core.risk;

/**
 * Value at risk and expected shortfall of a loss sample at one confidence level (proto {@code
 * backstop.v1.TailLevel}).
 *
 * <p>With the sorted losses x(1) <= ... <= x(N), t = a N and k = ceil(t):
 *
 * <pre>
 *   VaR_a = x(k)
 *   ES_a  = [ sum_{i>k} x(i) + (k - t) x(k) ] / (N (1 - a))          (Acerbi-Tasche)
 *   SE(ES_a) = sqrt( s^2(g) / N ),   g_i = max(x_i - VaR_a, 0) / (1 - a)
 * </pre>
 *
 * where s^2 is the sample variance. See {@link TailStatistics} for the reasons.
 *
 * @param confidence the level a, in (0, 1)
 * @param varUsd value at risk: the ceil(aN)-th smallest loss, USD
 * @param esUsd expected shortfall: mean loss in the worst fraction (1 - a) of scenarios, counting
 *     the fraction (k - aN) of the atom at VaR, USD; never below {@code varUsd} nor below the mean
 * @param esStdErrorUsd Monte Carlo standard error of {@code esUsd}, USD; {@code NaN} when N (1 - a)
 *     < 1 or N < 2 (the tail holds less than one whole scenario: no spread to measure)
 */
public record TailLevel(double confidence, double varUsd, double esUsd, double esStdErrorUsd) {}
