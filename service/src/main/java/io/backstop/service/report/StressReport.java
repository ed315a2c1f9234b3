package io.backstop.service.report;

import io.backstop.proto.v1.AssetRoundState;
import io.backstop.proto.v1.Shock;
import io.backstop.proto.v1.StressRound;
import io.backstop.proto.v1.StressTestRequest;
import io.backstop.proto.v1.StressTestResponse;
import java.util.ArrayList;
import java.util.List;

/** The HTML report of a stress test: shocks, outcome, the cascade round by round, provenance. */
final class StressReport {
  private StressReport() {}

  static String html(StressTestRequest request, StressTestResponse response) {
    String protocol = request.getExposure().getProtocolId();
    ReportPage page =
        new ReportPage(
            "Stress test — " + (protocol.isEmpty() ? "unnamed protocol" : protocol),
            "Backstop deterministic cascade after exogenous shocks · model "
                + response.getProvenance().getModelVersion());
    page.section("outcome", "Shocks and outcome");
    page.openKpis()
        .kpi("Bad debt", Html.usd(response.getBadDebtUsd()), response.getBadDebtUsd() > 0)
        .kpi(
            "Bad debt after the fund",
            Html.usd(response.getBadDebtAfterFundUsd()),
            response.getBadDebtAfterFundUsd() > 0)
        .kpi("Collateral liquidated", Html.usd(response.getLiquidatedUsd()), false)
        .kpi(
            "Cascade index at shocked prices",
            Html.fixed(response.getCascadeIndex(), 3) + (response.getRunaway() ? " (runaway)" : ""),
            response.getRunaway())
        .closeKpis();
    List<String[]> shocks = new ArrayList<>();
    for (Shock s : request.getShocksList()) {
      shocks.add(
          new String[] {
            "shock:" + s.getAssetId(), s.getAssetId(), Html.percent(s.getShockFraction(), 1)
          });
    }
    page.fieldTable("Exogenous shocks (relative price change)", shocks);
    page.endSection();

    page.section("rounds", "The cascade round by round");
    if (response.getRoundsCount() > 0) {
      page.figure(
          SvgCharts.render(
              ReportCharts.stressPrices(
                  ReportDatasets.stressPrices(response, request.getExposure().getAssetsList())),
              900,
              360,
              "chart-stress-prices",
              "Prices round by round"),
          "Market price of each asset after each round, as a percentage of its price before the"
              + " shock (round 0 is the shock itself).");
      page.figure(
          SvgCharts.render(
              ReportCharts.stressLiquidated(ReportDatasets.stressLiquidated(response)),
              900,
              340,
              "chart-stress-liquidated",
              "USD liquidated per round"),
          "Collateral liquidated in each round, USD of proceeds, stacked by asset."
              + (response.getLiquidatedUsd() == 0
                  ? " No collateral was liquidated in any round."
                  : ""));
      page.raw(roundTable(response));
    } else {
      page.paragraph("note", "The response has no rounds.");
    }
    page.endSection();
    page.section("amplification", "Amplification at the shocked prices");
    AmplificationSection.append(
        page,
        response.getAssetIdsList(),
        response.getAmplificationList(),
        response.getRunaway(),
        "chart-amplification");
    page.endSection();
    return page.finish(response.getProvenance(), "backstop stress --report");
  }

  private static String roundTable(StressTestResponse response) {
    List<String> ids = new ArrayList<>();
    for (AssetRoundState a : response.getRounds(0).getAssetsList()) {
      ids.add(a.getAssetId());
    }
    StringBuilder t = new StringBuilder();
    t.append("<div class=\"scroll\"><table class=\"rounds\"><thead><tr><th>Round</th>");
    for (String id : ids) {
      t.append("<th>").append(Html.escape(id)).append(" price</th>");
    }
    t.append(
        "<th>Liquidated</th><th>Dealer hedge</th><th>Bad debt so far</th></tr></thead><tbody>\n");
    for (StressRound round : response.getRoundsList()) {
      t.append("<tr data-round=\"")
          .append(round.getRound())
          .append("\"><th>")
          .append(round.getRound())
          .append("</th>");
      for (AssetRoundState a : round.getAssetsList()) {
        t.append("<td class=\"usd\">").append(Html.escape(price(a.getPriceUsd()))).append("</td>");
      }
      t.append("<td class=\"usd\" data-field=\"liquidated_usd\">")
          .append(Html.escape(Html.usd(round.getLiquidatedUsd())))
          .append("</td><td class=\"usd\">")
          .append(Html.escape(Html.usd(round.getDealerHedgeUsd())))
          .append("</td><td class=\"usd\">")
          .append(Html.escape(Html.usd(round.getBadDebtUsd())))
          .append("</td></tr>\n");
    }
    t.append("</tbody></table></div>\n");
    return t.toString();
  }

  private static String price(double usd) {
    return usd >= 100 ? Html.usd(usd) : "$" + Html.fixed(usd, usd >= 1 ? 2 : 6);
  }
}
