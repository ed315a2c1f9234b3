package io.backstop.service.report;

import java.awt.Rectangle;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/** Renders a chart to an inline SVG element, headless, with a title for screen readers. */
final class SvgCharts {
  private SvgCharts() {}

  /**
   * Draws {@code chart} at {@code width} x {@code height} user units into an {@code <svg>} element
   * that scales with its container (viewBox) and carries {@code title}.
   *
   * @param id element id, also the prefix of the SVG's own clip-path ids: it must be unique in the
   *     page so two charts' definitions do not collide
   */
  static String render(JFreeChart chart, int width, int height, String id, String title) {
    SVGGraphics2D g2 = new SVGGraphics2D(width, height);
    g2.setDefsKeyPrefix(id + "-");
    // Two decimals of a user unit are far below a pixel and cut the file size by half.
    g2.setGeomDoubleConverter(SvgCharts::twoDecimals);
    g2.setTransformDoubleConverter(SvgCharts::twoDecimals);
    chart.draw(g2, new Rectangle(0, 0, width, height));
    String svg = g2.getSVGElement(id, true, new ViewBox(0, 0, width, height), null, null);
    int open = svg.indexOf('>');
    return svg.substring(0, open)
        + " role=\"img\" aria-label=\""
        + Html.escape(title)
        + "\"><title>"
        + Html.escape(title)
        + "</title>"
        + svg.substring(open + 1);
  }

  private static String twoDecimals(double v) {
    if (!Double.isFinite(v)) {
      return "0";
    }
    String s = String.format(java.util.Locale.ROOT, "%.2f", v);
    // Trailing zeros carry nothing: 12.50 -> 12.5, 3.00 -> 3.
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    if (s.charAt(end - 1) == '.') {
      end--;
    }
    String t = s.substring(0, end);
    return "-0".equals(t) ? "0" : t;
  }
}
