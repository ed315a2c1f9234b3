package io.backstop.service.report;

import io.backstop.proto.v1.Asset;
import io.backstop.proto.v1.CascadeMetrics;
import io.backstop.proto.v1.CollateralRecommendation;
import io.backstop.proto.v1.ExceedancePoint;
import io.backstop.proto.v1.FragilityPoint;
import io.backstop.proto.v1.Haircut;
import io.backstop.proto.v1.MatrixRow;
import io.backstop.proto.v1.StressRound;
import io.backstop.proto.v1.StressTestResponse;
import io.backstop.proto.v1.TailLoss;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The data behind each chart, taken from the response and nothing else. Kept apart from the drawing
 * so tests can check that a chart carries the response's figures: the SVG holds only geometry.
 */
final class ReportDatasets {
  /** Two-sided 95% normal quantile for the Monte Carlo band. */
  static final double Z95 = 1.959963984540054;

  static final String CALM = "calm";
  static final String BASE = "base";
  static final String VOLATILE = "volatile";

  private ReportDatasets() {}

  /**
   * The loss-exceedance curve with a 95% band. The band is the binomial standard error of an
   * empirical exceedance frequency, {@code sqrt(p (1 - p) / N)} with N = {@code
   * tail_loss.scenarios}: each point is a count of scenarios over N. Points with p = 0 cannot sit
   * on a log axis and are left out; the lower edge of the band is floored at {@code floor}.
   *
   * @param floor smallest probability drawn, > 0 (the band's lower edge is clipped to it)
   */
  static YIntervalSeriesCollection exceedance(TailLoss tail, double floor) {
    YIntervalSeries series = new YIntervalSeries("P(loss > x)", false, true);
    int n = tail.getScenarios();
    for (ExceedancePoint point : tail.getExceedanceList()) {
      double p = point.getProbability();
      if (p <= 0 || point.getLossUsd() <= 0) {
        continue;
      }
      double se = binomialStdError(p, n);
      series.add(point.getLossUsd(), p, Math.max(floor, p - Z95 * se), Math.min(1.0, p + Z95 * se));
    }
    YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
    dataset.addSeries(series);
    return dataset;
  }

  /** Binomial standard error of a frequency p over n trials; 0 when n is unknown. */
  static double binomialStdError(double p, int n) {
    return n > 0 ? Math.sqrt(p * (1 - p) / n) : 0.0;
  }

  /**
   * A histogram derived from the exceedance curve, since the response carries no per-scenario
   * losses: the bar between consecutive points x_i and x_(i+1) holds P(x_i < L <= x_(i+1)) = p_i -
   * p_(i+1). The last bar, one log step wide, holds everything above the last point, P(L > x_last).
   * The mass below the first point is not drawn (it is reported in the caption).
   */
  static XYIntervalSeriesCollection lossHistogram(TailLoss tail) {
    XYIntervalSeries series = new XYIntervalSeries("probability mass per bin", false, true);
    List<ExceedancePoint> points = tail.getExceedanceList();
    for (int i = 0; i < points.size(); i++) {
      ExceedancePoint lo = points.get(i);
      if (lo.getLossUsd() <= 0) {
        continue;
      }
      double hiLoss;
      double mass;
      if (i + 1 < points.size()) {
        hiLoss = points.get(i + 1).getLossUsd();
        mass = lo.getProbability() - points.get(i + 1).getProbability();
      } else {
        double step =
            i > 0 && points.get(i - 1).getLossUsd() > 0
                ? lo.getLossUsd() / points.get(i - 1).getLossUsd()
                : 1.5;
        hiLoss = lo.getLossUsd() * step;
        mass = lo.getProbability();
      }
      // Empirical counts never rise along the curve; a rounding dip below zero is no mass.
      mass = Math.max(0.0, mass);
      double mid = Math.sqrt(lo.getLossUsd() * hiLoss);
      series.add(mid, lo.getLossUsd(), hiLoss, mass, mass, mass);
    }
    XYIntervalSeriesCollection dataset = new XYIntervalSeriesCollection();
    dataset.addSeries(series);
    return dataset;
  }

  /** P(0 < L <= first exceedance loss): the mass left of the histogram. */
  static double massBelowFirstPoint(TailLoss tail) {
    if (tail.getExceedanceCount() == 0) {
      return tail.getLossProbability();
    }
    return Math.max(0.0, tail.getLossProbability() - tail.getExceedance(0).getProbability());
  }

  /**
   * The fragility curve: cascade index against a uniform shock, in percent, with the unshocked book
   * at 0%.
   */
  static XYSeriesCollection fragility(CascadeMetrics cascade) {
    XYSeries series = new XYSeries("cascade index", true, false);
    series.add(0.0, cascade.getCascadeIndex());
    for (FragilityPoint point : cascade.getFragilityCurveList()) {
      series.addOrUpdate(point.getShockFraction() * 100, point.getCascadeIndex());
    }
    return new XYSeriesCollection(series);
  }

  /**
   * The amplification matrix as (column, row, value) cells; row 0 is the first asset. Empty when
   * the response has no matrix (a runaway book).
   */
  static DefaultXYZDataset amplification(List<String> assetIds, List<MatrixRow> rows) {
    DefaultXYZDataset dataset = new DefaultXYZDataset();
    int n = assetIds.size();
    if (rows.isEmpty() || n == 0) {
      return dataset;
    }
    int cells = rows.size() * n;
    double[] x = new double[cells];
    double[] y = new double[cells];
    double[] z = new double[cells];
    int k = 0;
    for (int r = 0; r < rows.size(); r++) {
      List<Double> values = rows.get(r).getValuesList();
      for (int c = 0; c < n; c++) {
        x[k] = c;
        y[k] = r;
        z[k] = c < values.size() ? values.get(c) : Double.NaN;
        k++;
      }
    }
    dataset.addSeries("amplification", new double[][] {x, y, z});
    return dataset;
  }

  /**
   * Haircut parts per asset and regime, for stacked bars: rows are the parts, columns are {@code
   * "ASSET · calm"}, {@code "ASSET · base"}, {@code "ASSET · volatile"}.
   */
  static DefaultCategoryDataset haircuts(List<CollateralRecommendation> collateral) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    for (CollateralRecommendation c : collateral) {
      addHaircut(dataset, c.getAssetId() + " · " + CALM, c.getLowVolatility().getHaircut());
      addHaircut(dataset, c.getAssetId() + " · " + BASE, c.getHaircut());
      addHaircut(dataset, c.getAssetId() + " · " + VOLATILE, c.getHighVolatility().getHaircut());
    }
    return dataset;
  }

  private static void addHaircut(DefaultCategoryDataset dataset, String column, Haircut h) {
    dataset.addValue(h.getVolatility() * 100, "volatility", column);
    dataset.addValue(h.getSlippage() * 100, "slippage", column);
    dataset.addValue(h.getOracleLag() * 100, "oracle lag", column);
    dataset.addValue(h.getCascade() * 100, "cascade", column);
  }

  /**
   * Each asset's price round by round, as a percentage of its price before the shock (from the
   * request), or of its round-0 price when the request does not name it.
   */
  static XYSeriesCollection stressPrices(StressTestResponse response, List<Asset> assets) {
    Map<String, Double> before = new HashMap<>();
    for (Asset a : assets) {
      before.put(a.getId(), a.getPriceUsd());
    }
    Map<String, XYSeries> byAsset = new java.util.LinkedHashMap<>();
    Map<String, Double> base = new HashMap<>();
    for (StressRound round : response.getRoundsList()) {
      for (var state : round.getAssetsList()) {
        String id = state.getAssetId();
        double reference =
            base.computeIfAbsent(
                id,
                k -> {
                  Double p = before.get(k);
                  return p != null && p > 0 ? p : state.getPriceUsd();
                });
        XYSeries series = byAsset.computeIfAbsent(id, k -> new XYSeries(k, true, false));
        series.addOrUpdate(
            round.getRound(), reference > 0 ? 100 * state.getPriceUsd() / reference : 0.0);
      }
    }
    XYSeriesCollection dataset = new XYSeriesCollection();
    byAsset.values().forEach(dataset::addSeries);
    return dataset;
  }

  /** USD liquidated per round, one stacked row per asset. */
  static DefaultCategoryDataset stressLiquidated(StressTestResponse response) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    for (StressRound round : response.getRoundsList()) {
      String column = "round " + round.getRound();
      if (round.getAssetsCount() == 0) {
        dataset.addValue(round.getLiquidatedUsd(), "all assets", column);
      }
      for (var state : round.getAssetsList()) {
        dataset.addValue(state.getLiquidatedUsd(), state.getAssetId(), column);
      }
    }
    return dataset;
  }
}
