package io.backstop.core.risk;

/**
 * A value on a price grid.
 *
 * @param priceUsd the price, USD
 * @param valueUsd the value there, USD (GEX per 1% move, or liquidatable collateral)
 */
public record PricePoint(double priceUsd, double valueUsd) {}
