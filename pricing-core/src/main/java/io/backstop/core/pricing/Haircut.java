package io.backstop.core.pricing;

/**
 * The haircut d of one collateral asset split into its sources, each a fraction of the collateral
 * value at the oracle price when the liquidation is triggered (proto {@code backstop.v1.Haircut};
 * MODEL.md section 7). Built by {@link CollateralAssessor}, see there for the formulas.
 *
 * <p>With q_V, q_H, q_C the (1 - p) quantiles of the worst drop over the trading part of the
 * horizon without impact, over the whole horizon without impact, and over the whole horizon with
 * the cascade, m = max(q_V, q_H, q_C), delta the push oracle's deviation threshold and s the
 * standard position's slippage:
 *
 * <pre>
 *   volatility = q_V
 *   oracleLag  = max(q_H - q_V, 0) + delta (1 - m)
 *   cascade    = max(q_C - max(q_V, q_H), 0)
 *   slippage   = s (1 - delta) (1 - m)
 *   total      = ((volatility + oracleLag) + cascade) + slippage  =  1 - (1 - m)(1 - delta)(1 - s)
 * </pre>
 *
 * The total is the sum of the parts as evaluated left to right in double arithmetic, so they add up
 * exactly; every part is in [0, 1) and the total is below 1, at most 1 after {@link #max} (a total
 * loss: see there).
 *
 * <p>The components are in the order of that sum, in the record and in {@link #of} alike.
 *
 * @param volatility exogenous price-move quantile over the trading part of the horizon
 * @param oracleLag extra move during the oracle's lag, plus a push oracle's deviation gap
 * @param cascade extra fall caused by the cascade's own selling (liquidations, dealer hedges)
 * @param slippage execution slippage of the standard position, on the dropped price
 * @param total d, the sum of the parts
 */
public record Haircut(
    double volatility, double oracleLag, double cascade, double slippage, double total) {

  /** The haircut with these parts; the total is their sum, evaluated in the documented order. */
  public static Haircut of(double volatility, double oracleLag, double cascade, double slippage) {
    return new Haircut(
        volatility, oracleLag, cascade, slippage, sum(volatility, oracleLag, cascade, slippage));
  }

  /**
   * Part by part maximum of two haircuts, the total re-summed; when that sum would exceed 1 (an
   * asset that both haircuts nearly wipe out, through different parts: e.g. the base regime's
   * cascade with the high regime's volatility), the parts are kept in the order of the sum and the
   * first that would take the total past 1 is cut to what is left, the later ones to 0: a haircut
   * cannot take more than the whole value. The total is then still at least either haircut's.
   * (Before, only the slippage was cut, and a total of 1.6 came back when volatility and cascade
   * alone exceeded 1; a mutation audit's finding.)
   */
  static Haircut max(Haircut a, Haircut b) {
    double volatility = Math.max(a.volatility, b.volatility);
    double oracleLag = fit(volatility, Math.max(a.oracleLag, b.oracleLag));
    double cascade = fit(volatility + oracleLag, Math.max(a.cascade, b.cascade));
    double slippage = fit((volatility + oracleLag) + cascade, Math.max(a.slippage, b.slippage));
    return of(volatility, oracleLag, cascade, slippage);
  }

  /**
   * The largest amount, at most {@code part}, that {@code before} (the parts summed so far, at most
   * 1) can take without its sum exceeding 1.
   */
  private static double fit(double before, double part) {
    if (before + part <= 1) {
      return part;
    }
    double cut = Math.max(0, 1 - before);
    while (cut > 0 && before + cut > 1) { // the rounding of 1 - before, an ulp or two
      cut = Math.nextDown(cut);
    }
    return cut;
  }

  /** Part by part minimum of two haircuts, the total re-summed. */
  static Haircut min(Haircut a, Haircut b) {
    return of(
        Math.min(a.volatility, b.volatility),
        Math.min(a.oracleLag, b.oracleLag),
        Math.min(a.cascade, b.cascade),
        Math.min(a.slippage, b.slippage));
  }

  private static double sum(double volatility, double oracleLag, double cascade, double slippage) {
    return ((volatility + oracleLag) + cascade) + slippage;
  }
}
