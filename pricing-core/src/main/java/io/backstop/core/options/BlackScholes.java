package io.backstop.core.options;

import io.backstop.core.model.OptionType;

/**
 * Black-Scholes with zero interest rate and no carry, the dealers' hedge model (MODEL.md section 2)
 * and the closed form of the section 8 put check. With d1 = (ln(S/K) + v^2/2) / v, d2 = d1 - v and
 * total volatility v = sigma sqrt(T):
 *
 * <ul>
 *   <li>call price S N(d1) - K N(d2), put price K N(-d2) - S N(-d1);
 *   <li>call delta N(d1), put delta N(d1) - 1;
 *   <li>gamma phi(d1) / (S v), the same for puts and calls.
 * </ul>
 *
 * <p>Edge cases get an explicit branch before the formula: at expiry (T <= 0) or with zero total
 * volatility the option is its intrinsic payoff: delta is the in-the-money indicator (0.5 at the
 * money, the limit of d1 -> 0), gamma is 0. Stateless; all methods take time to expiry in years.
 */
public final class BlackScholes {
  /** Total volatility below which the option is treated as expired (avoids 0/0 in d1). */
  public static final double MIN_TOTAL_VOLATILITY = 1e-12;

  private BlackScholes() {}

  /** Option value, USD per unit of underlying. */
  public static double price(
      OptionType type, double spot, double strike, double years, double vol) {
    double v = totalVolatility(years, vol);
    if (v < MIN_TOTAL_VOLATILITY) {
      return type == OptionType.CALL ? Math.max(spot - strike, 0) : Math.max(strike - spot, 0);
    }
    double d1 = d1(spot, strike, v);
    double d2 = d1 - v;
    return type == OptionType.CALL
        ? spot * Normal.cdf(d1) - strike * Normal.cdf(d2)
        : strike * Normal.cdf(-d2) - spot * Normal.cdf(-d1);
  }

  /** Delta dV/dS: in [0, 1] for a call, [-1, 0] for a put. */
  public static double delta(
      OptionType type, double spot, double strike, double years, double vol) {
    double v = totalVolatility(years, vol);
    return deltaAt(type == OptionType.CALL, spot, strike, v, 0.5 * v * v);
  }

  /**
   * Delta with the time-dependent part precomputed, for hot loops that evaluate the same option at
   * many spots within one time step: {@code v = totalVolatility(years, vol)} and {@code
   * halfVariance = 0.5 * v * v}. Gives the same bits as {@link #delta} (it is its implementation).
   */
  public static double deltaAt(
      boolean call, double spot, double strike, double v, double halfVariance) {
    double callDelta;
    if (v < MIN_TOTAL_VOLATILITY) {
      callDelta = spot > strike ? 1 : spot == strike ? 0.5 : 0;
    } else {
      callDelta = Normal.cdf((Math.log(spot / strike) + halfVariance) / v);
    }
    return call ? callDelta : callDelta - 1;
  }

  /** Gamma d^2V/dS^2, per USD of underlying; 0 at expiry. */
  public static double gamma(double spot, double strike, double years, double vol) {
    double v = totalVolatility(years, vol);
    if (v < MIN_TOTAL_VOLATILITY) {
      return 0;
    }
    return Normal.pdf(d1(spot, strike, v)) / (spot * v);
  }

  /** Total volatility v = sigma sqrt(T); 0 at or past expiry or without volatility. */
  public static double totalVolatility(double years, double vol) {
    return years > 0 && vol > 0 ? vol * Math.sqrt(years) : 0;
  }

  private static double d1(double spot, double strike, double v) {
    return (Math.log(spot / strike) + 0.5 * v * v) / v;
  }
}
