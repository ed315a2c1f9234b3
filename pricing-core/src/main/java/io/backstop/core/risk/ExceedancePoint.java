package io.backstop.core.risk;

/**
 * One point of the empirical loss-exceedance curve (proto {@code backstop.v1.ExceedancePoint}):
 * {@code probability} = #{i : L_i > lossUsd} / N.
 *
 * @param lossUsd loss threshold x, USD
 * @param probability empirical P(L > x), strict inequality
 */
public record ExceedancePoint(double lossUsd, double probability) {}
