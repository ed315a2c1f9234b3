package io.backstop.core.market;

/**
 * Mutable result holder of one execution on a depth curve, reused by a worker so that the hot loop
 * allocates nothing. Filled by {@link MarketDepth#execute}.
 */
public final class Execution {
  /** USD received for the units sold (negative for a purchase: USD paid). */
  public double proceedsUsd;

  /** Units actually executed (less than asked when a bid ladder runs out). */
  public double unitsExecuted;

  /** Market price after the execution, USD. */
  public double endPrice;

  /** Average execution price proceedsUsd / unitsExecuted; the start price when nothing executed. */
  public double averagePrice;
}
