package io.backstop.service.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The report's charts, drawn by JFreeChart from the datasets of {@link ReportDatasets}. */
final class ReportCharts {
  static final Color INK = new Color(0x1f2933);
  static final Color GRID = new Color(0xd9dee4);
  static final Color ACCENT = new Color(0x1d4e89);
  static final Color BAND = new Color(0x8fb3de);
  static final Color ALERT = new Color(0xb42318);
  static final Color MUTED = new Color(0x6b7785);

  /** Colour-blind-safe (Okabe–Ito) series colours. */
  static final Color[] SERIES = {
    new Color(0x0072b2),
    new Color(0xe69f00),
    new Color(0x009e73),
    new Color(0xcc79a7),
    new Color(0x56b4e9),
    new Color(0xd55e00),
    new Color(0xf0e442),
    new Color(0x000000)
  };

  private static final String FONT = Font.SANS_SERIF;
  private static final Font TICK_FONT = new Font(FONT, Font.PLAIN, 11);
  private static final Font LABEL_FONT = new Font(FONT, Font.PLAIN, 12);

  private ReportCharts() {}

  /**
   * Loss-exceedance curve on log-log axes, its 95% band, the attachment A and the exhaustion point
   * A + M (where the layer's limit is used up) marked.
   */
  static JFreeChart exceedance(
      YIntervalSeriesCollection data, double attachmentUsd, double limitUsd, double floor) {
    LogAxis x = usdLogAxis("loss per horizon, USD (log scale)");
    LogAxis y = new PlainLogAxis("P(loss > x) (log scale)");
    y.setSmallestValue(floor);
    y.setNumberFormatOverride(new ProbabilityFormat());
    // One label per decade: 1, 0.1, 0.01, 1e-3 reads at a glance; minor marks between.
    y.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
    y.setMinorTickCount(9);
    y.setMinorTickMarksVisible(true);
    DeviationRenderer renderer = new DeviationRenderer(true, true);
    renderer.setSeriesPaint(0, ACCENT);
    renderer.setSeriesFillPaint(0, BAND);
    renderer.setAlpha(0.45f);
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
    XYPlot plot = new XYPlot(data, x, y, renderer);
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    double pLo = 1;
    for (int i = 0; i < data.getItemCount(0); i++) {
      lo = Math.min(lo, data.getXValue(0, i));
      hi = Math.max(hi, data.getXValue(0, i));
      pLo = Math.min(pLo, data.getStartYValue(0, i));
    }
    if (attachmentUsd > 0) {
      plot.addDomainMarker(
          marker(attachmentUsd, "attachment " + Html.usdShort(attachmentUsd), false));
      lo = Math.min(lo, attachmentUsd);
      hi = Math.max(hi, attachmentUsd);
    }
    double exhaustion = attachmentUsd + limitUsd;
    if (limitUsd > 0) {
      plot.addDomainMarker(
          marker(exhaustion, "limit used up at " + Html.usdShort(exhaustion), true));
      lo = Math.min(lo, exhaustion);
      hi = Math.max(hi, exhaustion);
    }
    if (hi > 0 && Double.isFinite(lo)) {
      x.setRange(lo / 1.6, hi * 1.6);
      decadeTicks(x, lo, hi);
    }
    double pHi = floor;
    for (int i = 0; i < data.getItemCount(0); i++) {
      pHi = Math.max(pHi, data.getEndYValue(0, i));
    }
    // Up to a decade above the band, not always to 1: a rare-loss curve would sit in the bottom.
    y.setRange(Math.max(floor, pLo / 2), Math.min(1.0, pHi * 10));
    return chart(plot, true);
  }

  /** Histogram of the loss, derived from the exceedance curve, on a log loss axis. */
  static JFreeChart lossHistogram(XYDataset data) {
    LogAxis x = usdLogAxis("loss per horizon, USD (log scale)");
    NumberAxis y = new NumberAxis("probability mass in the bin, %");
    NumberFormat percent = NumberFormat.getPercentInstance(java.util.Locale.ROOT);
    percent.setMaximumFractionDigits(3);
    y.setNumberFormatOverride(percent);
    if (data.getItemCount(0) > 0) {
      decadeTicks(x, data.getXValue(0, 0), data.getXValue(0, data.getItemCount(0) - 1));
    }
    XYBarRenderer renderer = new XYBarRenderer(0.08);
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, ACCENT);
    renderer.setDrawBarOutline(false);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    return chart(plot, false);
  }

  /** Cascade index against a uniform shock, the runaway line at 1. */
  static JFreeChart fragility(XYDataset data) {
    NumberAxis x = new NumberAxis("uniform shock to every asset, %");
    x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(10));
    NumberAxis y = new NumberAxis("cascade index (spectral radius of J)");
    y.setAutoRangeIncludesZero(true);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, ACCENT);
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    XYPlot plot = new XYPlot(data, x, y, renderer);
    ValueMarker runaway = new ValueMarker(1.0, ALERT, dashed(1.5f));
    runaway.setLabel("runaway at 1");
    runaway.setLabelFont(TICK_FONT);
    runaway.setLabelPaint(ALERT);
    runaway.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    runaway.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    plot.addRangeMarker(runaway);
    double max = 1.2;
    for (int i = 0; i < data.getItemCount(0); i++) {
      max = Math.max(max, data.getYValue(0, i) * 1.1);
    }
    y.setRange(0, max);
    return chart(plot, false);
  }

  /** The amplification matrix as a heat map: columns the shocked asset, rows the moved one. */
  static JFreeChart amplification(DefaultXYZDataset data, List<String> assetIds) {
    String[] ids = assetIds.toArray(new String[0]);
    SymbolAxis x = new SymbolAxis("exogenous move of (column)", ids);
    SymbolAxis y = new SymbolAxis("total move of (row)", ids);
    y.setInverted(true);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < data.getItemCount(0); i++) {
      double z = data.getZValue(0, i);
      if (Double.isFinite(z)) {
        min = Math.min(min, z);
        max = Math.max(max, z);
      }
    }
    // Anchored at 0 and at least 2 (a doubling), so an undamped-but-mild matrix near the
    // identity does not look as dark as a strongly amplifying one.
    double lower = Double.isFinite(min) ? Math.min(0, min) : 0;
    double upper = Double.isFinite(max) ? Math.max(2, max) : 2;
    HeatScale scale = new HeatScale(lower, upper);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(scale);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    for (int i = 0; i < data.getItemCount(0); i++) {
      double z = data.getZValue(0, i);
      XYTextAnnotation label =
          new XYTextAnnotation(Html.fixed(z, 2), data.getXValue(0, i), data.getYValue(0, i));
      label.setFont(LABEL_FONT);
      label.setPaint(scale.isDark(z) ? Color.WHITE : INK);
      plot.addAnnotation(label);
    }
    JFreeChart chart = chart(plot, false);
    NumberAxis legendAxis = new NumberAxis("amplification");
    legendAxis.setTickLabelFont(TICK_FONT);
    legendAxis.setLabelFont(TICK_FONT);
    legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(new RectangleInsets(8, 8, 8, 8));
    legend.setStripWidth(12);
    legend.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(legend);
    return chart;
  }

  /** Haircut parts as horizontal stacked bars, one bar per asset and regime. */
  static JFreeChart haircuts(CategoryDataset data) {
    CategoryAxis x = new CategoryAxis();
    x.setTickLabelFont(TICK_FONT);
    NumberAxis y = new NumberAxis("haircut d, % of collateral value");
    StackedBarRenderer renderer = new StackedBarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setMaximumBarWidth(0.08);
    for (int i = 0; i < data.getRowCount(); i++) {
      renderer.setSeriesPaint(i, SERIES[i % SERIES.length]);
    }
    CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    return chart(plot, true);
  }

  /** Prices round by round, as a percentage of the pre-shock price. */
  static JFreeChart stressPrices(XYDataset data) {
    NumberAxis x = new NumberAxis("cascade round (0 = the shock)");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    NumberAxis y = new NumberAxis("price, % of the pre-shock price");
    double lo = 100;
    double hi = 100;
    for (int series = 0; series < data.getSeriesCount(); series++) {
      for (int i = 0; i < data.getItemCount(series); i++) {
        lo = Math.min(lo, data.getYValue(series, i));
        hi = Math.max(hi, data.getYValue(series, i));
      }
    }
    // The pre-shock level (100%) always in view, so the shock itself reads as a drop.
    double pad = Math.max(2, (hi - lo) * 0.08);
    y.setRange(Math.max(0, lo - pad), hi + pad);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, SERIES[i % SERIES.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    ValueMarker before = new ValueMarker(100, MUTED, dashed(1f));
    before.setLabel("pre-shock price");
    before.setLabelFont(TICK_FONT);
    before.setLabelPaint(MUTED);
    before.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    before.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    plot.addRangeMarker(before);
    return chart(plot, true);
  }

  /** USD liquidated per round, stacked by asset. */
  static JFreeChart stressLiquidated(CategoryDataset data) {
    CategoryAxis x = new CategoryAxis("cascade round");
    x.setCategoryLabelPositions(
        data.getColumnCount() > 12
            ? CategoryLabelPositions.UP_45
            : CategoryLabelPositions.STANDARD);
    NumberAxis y = new NumberAxis("collateral liquidated, USD");
    y.setNumberFormatOverride(new UsdFormat());
    double total = 0;
    for (int r = 0; r < data.getRowCount(); r++) {
      for (int c = 0; c < data.getColumnCount(); c++) {
        Number v = data.getValue(r, c);
        total += v == null ? 0 : Math.abs(v.doubleValue());
      }
    }
    if (total == 0) {
      // Nothing liquidated: a fixed $0 to $1 axis instead of a collapsed one.
      y.setRange(0, 1);
    }
    StackedBarRenderer renderer = new StackedBarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    for (int i = 0; i < data.getRowCount(); i++) {
      renderer.setSeriesPaint(i, SERIES[i % SERIES.length]);
    }
    CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
    return chart(plot, true);
  }

  /** A dashed vertical line with its label to the right of it, or to the left ({@code left}). */
  private static ValueMarker marker(double value, String label, boolean left) {
    ValueMarker m = new ValueMarker(value, ALERT, dashed(1.5f));
    m.setLabel(label);
    m.setLabelFont(TICK_FONT);
    m.setLabelPaint(ALERT);
    m.setLabelBackgroundColor(new Color(255, 255, 255, 220));
    m.setLabelAnchor(left ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
    m.setLabelTextAnchor(left ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
    return m;
  }

  private static BasicStroke dashed(float width) {
    return new BasicStroke(
        width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
  }

  /**
   * Labels at whole decades when the data span more than about a decade and a half; over a shorter
   * span the automatic ticks, since decades alone would leave the axis unlabelled.
   */
  private static void decadeTicks(LogAxis axis, double lo, double hi) {
    if (lo > 0 && hi / lo > 30) {
      axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
      axis.setMinorTickCount(9);
    }
  }

  private static LogAxis usdLogAxis(String label) {
    LogAxis axis = new PlainLogAxis(label);
    axis.setNumberFormatOverride(new UsdFormat());
    axis.setSmallestValue(1.0);
    axis.setMinorTickMarksVisible(true);
    return axis;
  }

  /** The house style: white plot, light grid, sans-serif text, no chart title (HTML has it). */
  private static JFreeChart chart(org.jfree.chart.plot.Plot plot, boolean legend) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(GRID);
    plot.setInsets(new RectangleInsets(8, 4, 4, 12));
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(GRID);
      xy.setRangeGridlinePaint(GRID);
      style(xy.getDomainAxis());
      style(xy.getRangeAxis());
    } else if (plot instanceof CategoryPlot cat) {
      cat.setRangeGridlinePaint(GRID);
      style(cat.getDomainAxis());
      style(cat.getRangeAxis());
    }
    JFreeChart chart = new JFreeChart(null, new Font(FONT, Font.BOLD, 14), plot, legend);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    LegendTitle l = chart.getLegend();
    if (l != null) {
      l.setItemFont(LABEL_FONT);
      l.setFrame(BlockBorder.NONE);
      l.setPosition(RectangleEdge.BOTTOM);
    }
    return chart;
  }

  private static void style(org.jfree.chart.axis.Axis axis) {
    if (axis == null) {
      return;
    }
    axis.setTickLabelFont(TICK_FONT);
    axis.setLabelFont(LABEL_FONT);
    axis.setTickLabelPaint(INK);
    axis.setLabelPaint(INK);
    axis.setAxisLinePaint(MUTED);
    axis.setTickMarkPaint(MUTED);
  }

  /**
   * A log axis whose tick labels are plain strings. JFreeChart's {@link LogAxis} hands its labels
   * over as attributed strings (for superscript exponents), which JFreeSVG writes as glyph
   * outlines; plain ticks become SVG {@code <text>}, smaller, selectable and searchable.
   */
  static final class PlainLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    PlainLogAxis(String label) {
      super(label);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(
        java.awt.Graphics2D g2,
        org.jfree.chart.axis.AxisState state,
        java.awt.geom.Rectangle2D dataArea,
        RectangleEdge edge) {
      List ticks = super.refreshTicks(g2, state, dataArea, edge);
      List<org.jfree.chart.axis.Tick> plain = new java.util.ArrayList<>(ticks.size());
      for (Object o : ticks) {
        if (o instanceof org.jfree.chart.axis.LogTick t) {
          String text = "";
          if (t.getAttributedLabel() != null) {
            StringBuilder sb = new StringBuilder();
            var it = t.getAttributedLabel().getIterator();
            for (char c = it.first(); c != java.text.CharacterIterator.DONE; c = it.next()) {
              sb.append(c);
            }
            text = sb.toString();
          }
          plain.add(
              new org.jfree.chart.axis.NumberTick(
                  t.getTickType(),
                  t.getValue(),
                  text,
                  t.getTextAnchor(),
                  t.getRotationAnchor(),
                  t.getAngle()));
        } else {
          plain.add((org.jfree.chart.axis.Tick) o);
        }
      }
      return plain;
    }
  }

  /** White through amber to dark red, for amplification values from min to max. */
  static final class HeatScale implements PaintScale {
    private final double lower;
    private final double upper;

    HeatScale(double lower, double upper) {
      this.lower = lower;
      this.upper = upper;
    }

    @Override
    public double getLowerBound() {
      return lower;
    }

    @Override
    public double getUpperBound() {
      return upper;
    }

    @Override
    public Paint getPaint(double value) {
      if (!Double.isFinite(value)) {
        return Color.LIGHT_GRAY;
      }
      double t = Math.max(0, Math.min(1, (value - lower) / (upper - lower)));
      // Two linear legs: white -> amber (0..0.5), amber -> dark red (0.5..1).
      Color a = t < 0.5 ? new Color(0xfff8e7) : new Color(0xf5a623);
      Color b = t < 0.5 ? new Color(0xf5a623) : new Color(0x8b1a1a);
      double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
      return new Color(
          (int) Math.round(a.getRed() + u * (b.getRed() - a.getRed())),
          (int) Math.round(a.getGreen() + u * (b.getGreen() - a.getGreen())),
          (int) Math.round(a.getBlue() + u * (b.getBlue() - a.getBlue())));
    }

    boolean isDark(double value) {
      return Double.isFinite(value) && (value - lower) / (upper - lower) > 0.65;
    }
  }

  /** Axis labels in short dollars ($1.2M). */
  static final class UsdFormat extends NumberFormat {
    @Override
    public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
      return toAppendTo.append(Html.usdShort(number));
    }

    @Override
    public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
      return toAppendTo.append(Html.usdShort(number));
    }

    @Override
    public Number parse(String source, ParsePosition parsePosition) {
      return null;
    }
  }

  /** Axis labels for probabilities across orders of magnitude (0.01, 1e-3). */
  static final class ProbabilityFormat extends NumberFormat {
    @Override
    public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
      String s;
      if (number == 0) {
        s = "0";
      } else if (Math.abs(number) >= 0.001) {
        s =
            new java.math.BigDecimal(number)
                .round(new java.math.MathContext(3))
                .stripTrailingZeros()
                .toPlainString();
      } else {
        s = String.format(java.util.Locale.ROOT, "%.0e", number);
      }
      return toAppendTo.append(s);
    }

    @Override
    public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
      return format((double) number, toAppendTo, pos);
    }

    @Override
    public Number parse(String source, ParsePosition parsePosition) {
      return null;
    }
  }
}
