package io.backstop.service.report;

import io.backstop.proto.v1.MatrixRow;
import java.util.List;

/** The amplification heat map and its table, shared by the quote and stress reports. */
final class AmplificationSection {
  private AmplificationSection() {}

  static void append(
      ReportPage page, List<String> assetIds, List<MatrixRow> rows, boolean runaway, String id) {
    page.heading3("Amplification matrix (I − J)⁻¹");
    if (rows.isEmpty() || assetIds.isEmpty()) {
      page.paragraph(
          "note",
          runaway
              ? "No amplification matrix: the cascade index is at least 1, so (I − J)⁻¹ is not the"
                  + " sum of a damped feedback series and the response leaves it empty."
              : "The response carries no amplification matrix.");
      return;
    }
    int height = Math.max(240, 70 + 56 * assetIds.size());
    String svg =
        SvgCharts.render(
            ReportCharts.amplification(ReportDatasets.amplification(assetIds, rows), assetIds),
            760,
            height,
            id,
            "Amplification matrix heat map");
    page.figure(
        svg,
        "Cell (row, column): total log move of the row asset per unit exogenous log move of the"
            + " column asset, cascade feedback included. 1 on the diagonal means no feedback;"
            + " darker cells amplify more.");
  }
}
