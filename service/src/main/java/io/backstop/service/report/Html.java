package io.backstop.service.report;

import java.util.Locale;

/** Escaping and number formats for the report; every text from a request goes through here. */
final class Html {
  private Html() {}

  /** Escapes text for an HTML element body or a double-quoted attribute. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // Control characters other than tab and newline have no place in a report.
          if (c < 0x20 && c != '\t' && c != '\n') {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** Whole US dollars with thousands separators: {@code $1,234,567}. */
  static String usd(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    String digits = String.format(Locale.ROOT, "%,.0f", Math.abs(value));
    return (value < 0 && !"0".equals(digits) ? "-$" : "$") + digits;
  }

  /** Dollars in a short form for axes and captions: {@code $1.2M}, {@code $350k}. */
  static String usdShort(double value) {
    double a = Math.abs(value);
    // No sign on what rounds to zero: "-$0" reads as a loss that is not there.
    String sign = value < 0 && a >= 0.005 ? "-" : "";
    // Compare after rounding to three digits, so 999,999 reads $1M and not $1000k.
    double rounded = Double.parseDouble(String.format(Locale.ROOT, "%.3g", a));
    if (rounded >= 1e9) {
      return sign + "$" + trim(a / 1e9) + "B";
    }
    if (rounded >= 1e6) {
      return sign + "$" + trim(a / 1e6) + "M";
    }
    if (rounded >= 1e3) {
      return sign + "$" + trim(a / 1e3) + "k";
    }
    return sign + "$" + trim(a);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }

  /** A fraction as a percentage with the given decimals: {@code 0.0123 -> 1.23%}. */
  static String percent(double fraction, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f%%", fraction * 100);
  }

  /** A plain number with the given decimals. */
  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** A probability, readable across many orders of magnitude: {@code 0.0025 -> 2.50e-3}. */
  static String probability(double p) {
    if (p == 0) {
      return "0";
    }
    if (p >= 0.01) {
      return String.format(Locale.ROOT, "%.4f", p);
    }
    return String.format(Locale.ROOT, "%.2e", p);
  }
}
