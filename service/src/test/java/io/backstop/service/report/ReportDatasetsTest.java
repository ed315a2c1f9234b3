package io.backstop.service.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstop.proto.v1.TailLoss;
import java.util.List;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.Test;

/** The chart data carry the response's figures; the SVG itself holds only geometry. */
class ReportDatasetsTest {
  /** Figures are copied, not computed: any difference beyond rounding of one operation is a bug. */
  private static final double EXACT = 1e-12;

  @Test
  void exceedanceCarriesEveryPositivePointWithTheBinomialBand() {
    TailLoss tail = ReportFixtures.tail();
    double floor = 0.2 / ReportFixtures.SCENARIOS;
    YIntervalSeriesCollection data = ReportDatasets.exceedance(tail, floor);
    // The last fixture point has p = 0: not drawable on a log axis, so 7 of 8.
    assertEquals(7, data.getItemCount(0));
    for (int i = 0; i < 7; i++) {
      double p = ReportFixtures.PROBABILITIES.get(i);
      double se = Math.sqrt(p * (1 - p) / ReportFixtures.SCENARIOS);
      assertEquals(ReportFixtures.LOSSES.get(i), data.getXValue(0, i), EXACT);
      assertEquals(p, data.getYValue(0, i), EXACT);
      assertEquals(Math.min(1, p + ReportDatasets.Z95 * se), data.getEndYValue(0, i), EXACT);
      assertEquals(Math.max(floor, p - ReportDatasets.Z95 * se), data.getStartYValue(0, i), EXACT);
    }
  }

  @Test
  void binomialStdErrorIsSqrtPQOverN() {
    // p = 0.01, N = 10,000: sqrt(0.0099 / 10,000) = 9.9499e-4.
    assertEquals(9.949874371066199e-4, ReportDatasets.binomialStdError(0.01, 10_000), 1e-15);
    assertEquals(0.0, ReportDatasets.binomialStdError(0.01, 0));
  }

  @Test
  void histogramMassesAreExceedanceDifferencesAndAddUpToTheLossProbability() {
    TailLoss tail = ReportFixtures.tail();
    XYIntervalSeriesCollection data = ReportDatasets.lossHistogram(tail);
    assertEquals(ReportFixtures.LOSSES.size(), data.getItemCount(0));
    // Bin 2 lies between 5e5 and 1e6: 0.012 - 0.006.
    assertEquals(5e5, data.getStartXValue(0, 2), EXACT);
    assertEquals(1e6, data.getEndXValue(0, 2), EXACT);
    assertEquals(0.006, data.getYValue(0, 2), EXACT);
    double total = ReportDatasets.massBelowFirstPoint(tail);
    for (int i = 0; i < data.getItemCount(0); i++) {
      assertTrue(data.getYValue(0, i) >= 0);
      total += data.getYValue(0, i);
    }
    // The differences telescope: the bars and the mass below the first point make P(L > 0).
    assertEquals(tail.getLossProbability(), total, 1e-15);
  }

  @Test
  void fragilityStartsAtTheUnshockedBook() {
    var cascade = ReportFixtures.quoteResponse(List.of("A", "B"), false).getCascade();
    XYSeriesCollection data = ReportDatasets.fragility(cascade);
    assertEquals(5, data.getItemCount(0));
    // Sorted by shock: -50, -30, -20, -10, 0 percent.
    assertEquals(-50.0, data.getXValue(0, 0), EXACT);
    assertEquals(0.4, data.getYValue(0, 0), EXACT);
    assertEquals(0.0, data.getXValue(0, 4), EXACT);
    assertEquals(cascade.getCascadeIndex(), data.getYValue(0, 4), EXACT);
  }

  @Test
  void amplificationHasOneCellPerEntry() {
    List<String> ids = List.of("A", "B", "C");
    var data = ReportDatasets.amplification(ids, ReportFixtures.matrix(ids));
    assertEquals(9, data.getItemCount(0));
    // Cell (row 1, column 2) is item 1 * 3 + 2.
    assertEquals(2.0, data.getXValue(0, 5));
    assertEquals(1.0, data.getYValue(0, 5));
    assertEquals(ReportFixtures.matrix(ids).get(1).getValues(2), data.getZValue(0, 5), EXACT);
    assertEquals(0, ReportDatasets.amplification(ids, List.of()).getSeriesCount());
  }

  @Test
  void haircutsStackTheFourPartsPerAssetAndRegime() {
    var c = ReportFixtures.collateral("WETH");
    var data = ReportDatasets.haircuts(List.of(c));
    assertEquals(List.of("volatility", "slippage", "oracle lag", "cascade"), data.getRowKeys());
    assertEquals(List.of("WETH · calm", "WETH · base", "WETH · volatile"), data.getColumnKeys());
    assertEquals(
        c.getHighVolatility().getHaircut().getCascade() * 100,
        data.getValue("cascade", "WETH · volatile").doubleValue(),
        EXACT);
  }

  @Test
  void stressSeriesFollowTheRounds() {
    List<String> ids = List.of("A", "B");
    var request = ReportFixtures.stressRequest("p", ids);
    var response = ReportFixtures.stressResponse(ids, 4, false);
    var prices = ReportDatasets.stressPrices(response, request.getExposure().getAssetsList());
    assertEquals(2, prices.getSeriesCount());
    assertEquals(4, prices.getItemCount(0));
    // Round 0 after a 30% shock: 70% of the pre-shock price.
    assertEquals(70.0, prices.getYValue(0, 0), 1e-9);
    var liquidated = ReportDatasets.stressLiquidated(response);
    assertEquals(4, liquidated.getColumnCount());
    assertEquals(
        response.getRounds(2).getAssets(1).getLiquidatedUsd(),
        liquidated.getValue("B", "round 2").doubleValue(),
        EXACT);
  }
}
