package io.backstop.core.model;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Numbers in messages as a person writes them: 366 not 366.0, 0.0001 not 1.0E-4, -0.5 not
 * -0.500000, 1.8 not 1.7999999999999998 (15 significant digits at most, so that a derived figure,
 * such as a horizon of 0.03 hours in minutes, carries no rounding noise); beyond [1e-6, 1e15) in
 * magnitude, 1E-13 or 1E+300 rather than dozens of zeros; NaN and Infinity as they are. Shared by
 * the core's cross-field rules and the service's field messages, so that a request's violations
 * write numbers one way.
 */
public final class PlainNumbers {
  private PlainNumbers() {}

  private static final MathContext FIFTEEN_DIGITS = new MathContext(15);

  /** {@code x} as a person writes it, to 15 significant digits. */
  public static String plain(double x) {
    if (!Double.isFinite(x)) {
      return Double.toString(x);
    }
    BigDecimal d = BigDecimal.valueOf(x).round(FIFTEEN_DIGITS).stripTrailingZeros();
    double m = Math.abs(x);
    return m == 0 || (m >= 1e-6 && m < 1e15) ? d.toPlainString() : d.toString();
  }
}
