package io.backstop.service.report;

import io.backstop.proto.v1.CascadeMetrics;
import io.backstop.proto.v1.CollateralRecommendation;
import io.backstop.proto.v1.CoverTerms;
import io.backstop.proto.v1.PremiumBreakdown;
import io.backstop.proto.v1.QuoteCoverRequest;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.RegimeParameters;
import io.backstop.proto.v1.TailLevel;
import io.backstop.proto.v1.TailLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HTML report of a cover quote: terms, premium, tail, cascade, collateral, provenance. */
final class QuoteReport {
  private QuoteReport() {}

  static String html(QuoteCoverRequest request, QuoteCoverResponse response) {
    String protocol = request.getExposure().getProtocolId();
    ReportPage page =
        new ReportPage(
            "Cover quote — " + (protocol.isEmpty() ? "unnamed protocol" : protocol),
            "Backstop liquidation-cascade cover · quote "
                + response.getProvenance().getQuoteId()
                + " · model "
                + response.getProvenance().getModelVersion());
    premium(page, request.getCover(), response.getPremium());
    if (response.hasTailLoss()) {
      tail(page, request.getCover(), response.getTailLoss());
    }
    if (response.hasCascade()) {
      cascade(page, response.getCascade());
    }
    if (response.getCollateralCount() > 0) {
      collateral(page, response.getCollateralList());
    }
    return page.finish(response.getProvenance(), "backstop quote --report");
  }

  private static void premium(ReportPage page, CoverTerms cover, PremiumBreakdown p) {
    page.section("premium", "Cover terms and premium");
    page.openKpis()
        .kpi("Premium for the term", Html.usd(p.getPremiumUsd()), false)
        .kpi("Rate on line", Html.percent(p.getRateOnLine(), 3), false)
        .kpi("P(layer pays in the term)", Html.percent(p.getLayerHitProbability(), 2), false)
        .closeKpis();
    page.openGrid();
    List<String[]> terms = new ArrayList<>();
    terms.add(
        row("attachment_usd", "Attachment (per horizon)", Html.usd(cover.getAttachmentUsd())));
    terms.add(row("limit_usd", "Limit", Html.usd(cover.getLimitUsd())));
    terms.add(row("term_days", "Term", Html.fixed(cover.getTermDays(), 0) + " days"));
    terms.add(
        row(
            "cost_of_capital",
            "Cost of capital",
            Html.percent(cover.getCostOfCapital(), 1) + " / yr"));
    terms.add(row("expense_load", "Expense load", Html.percent(cover.getExpenseLoad(), 1)));
    terms.add(row("horizons_per_term", "Horizons per term", Html.fixed(p.getHorizonsPerTerm(), 1)));
    page.raw("<div>").fieldTable("Cover terms", terms).raw("</div>\n");
    List<String[]> parts = new ArrayList<>();
    parts.add(row("expected_loss_usd", "Expected layer loss", Html.usd(p.getExpectedLossUsd())));
    parts.add(row("risk_load_usd", "Risk load (cost of capital)", Html.usd(p.getRiskLoadUsd())));
    parts.add(row("expense_load_usd", "Expense load", Html.usd(p.getExpenseLoadUsd())));
    parts.add(new String[] {"premium_usd", "Premium", Html.usd(p.getPremiumUsd()), "total"});
    parts.add(
        row(
            "premium_std_error_usd",
            "Monte Carlo standard error of the premium",
            "± " + Html.usd(p.getPremiumStdErrorUsd())));
    parts.add(
        row("rate_on_line", "Rate on line (premium / limit)", Html.percent(p.getRateOnLine(), 3)));
    parts.add(
        row(
            "layer_hit_probability",
            "P(layer pays anything in the term)",
            Html.percent(p.getLayerHitProbability(), 2)));
    parts.add(
        row("term_es99_usd", "99% ES of the term's layer loss", Html.usd(p.getTermEs99Usd())));
    page.raw("<div>").fieldTable("Premium breakdown", parts).raw("</div>\n");
    page.closeGrid();
    page.endSection();
  }

  private static void tail(ReportPage page, CoverTerms cover, TailLoss tail) {
    page.section("tail", "Protocol loss over one horizon");
    List<String[]> figures = new ArrayList<>();
    figures.add(
        row(
            "expected_loss_usd",
            "Expected loss (after the fund)",
            Html.usd(tail.getExpectedLossUsd())
                + " ± "
                + Html.usd(tail.getExpectedLossStdErrorUsd())));
    figures.add(
        row(
            "gross_expected_loss_usd",
            "Expected loss before the fund",
            Html.usd(tail.getGrossExpectedLossUsd())));
    figures.add(row("std_dev_usd", "Standard deviation", Html.usd(tail.getStdDevUsd())));
    figures.add(
        row("loss_probability", "P(loss > 0)", Html.probability(tail.getLossProbability())));
    figures.add(
        row("scenarios", "Scenarios", String.format(Locale.ROOT, "%,d", tail.getScenarios())));
    page.openGrid();
    page.raw("<div>").fieldTable("Loss distribution", figures).raw("</div>\n");
    StringBuilder levels = new StringBuilder();
    levels
        .append("<div><table class=\"levels\"><thead><tr><th>Confidence</th><th>VaR</th>")
        .append("<th>Expected shortfall</th><th>ES standard error</th></tr></thead><tbody>\n");
    for (TailLevel level : tail.getLevelsList()) {
      levels
          .append("<tr data-confidence=\"")
          .append(level.getConfidence())
          .append("\"><th>")
          .append(Html.escape(Html.percent(level.getConfidence(), 1)))
          .append("</th><td class=\"usd\">")
          .append(Html.escape(Html.usd(level.getVarUsd())))
          .append("</td><td class=\"usd\">")
          .append(Html.escape(Html.usd(level.getEsUsd())))
          .append("</td><td class=\"usd\">± ")
          .append(Html.escape(Html.usd(level.getEsStdErrorUsd())))
          .append("</td></tr>\n");
    }
    levels.append("</tbody></table></div>\n");
    page.raw(levels.toString());
    page.closeGrid();

    int n = tail.getScenarios();
    double floor = n > 0 ? 0.2 / n : 1e-6;
    var exceedance = ReportDatasets.exceedance(tail, floor);
    if (exceedance.getItemCount(0) == 0) {
      page.paragraph(
          "note",
          "No scenario lost money at the curve's losses: the loss-exceedance curve is zero"
              + " everywhere and there is nothing to draw on a log scale.");
      page.endSection();
      return;
    }
    page.heading3("Loss-exceedance curve");
    page.figure(
        SvgCharts.render(
            ReportCharts.exceedance(
                exceedance, cover.getAttachmentUsd(), cover.getLimitUsd(), floor),
            900,
            440,
            "chart-exceedance",
            "Loss-exceedance curve"),
        "P(loss > x) for one horizon at the response's "
            + tail.getExceedanceCount()
            + " log-spaced losses, both axes logarithmic. The shaded band is a 95% interval from"
            + " the binomial standard error of each empirical exceedance frequency, √(p(1−p)/N)"
            + " with N = "
            + String.format(Locale.ROOT, "%,d", n)
            + " scenarios. Points with p = 0 (beyond the worst scenario) cannot be drawn on a"
            + " log scale and are left out. Dashed lines: the attachment, and the loss at which"
            + " the limit is used up (attachment + limit).");
    page.heading3("Loss histogram");
    page.figure(
        SvgCharts.render(
            ReportCharts.lossHistogram(ReportDatasets.lossHistogram(tail)),
            900,
            360,
            "chart-histogram",
            "Loss histogram derived from the exceedance curve"),
        "Derived from the exceedance curve, not from per-scenario losses (the response carries"
            + " none): each bar holds P(x_i < loss ≤ x_(i+1)) = p_i − p_(i+1) between consecutive"
            + " curve points; the last bar holds everything above the last point. Not drawn:"
            + " P(loss = 0) = "
            + Html.probability(1 - tail.getLossProbability())
            + " and P(0 < loss ≤ "
            + Html.usdShort(tail.getExceedance(0).getLossUsd())
            + ") = "
            + Html.probability(ReportDatasets.massBelowFirstPoint(tail))
            + ".");
    page.endSection();
  }

  private static void cascade(ReportPage page, CascadeMetrics c) {
    page.section("cascade", "Cascade fragility");
    page.openKpis()
        .kpi(
            "Cascade index now",
            Html.fixed(c.getCascadeIndex(), 3) + (c.getRunaway() ? " (runaway)" : ""),
            c.getRunaway())
        .kpi("Mean cascade rounds", Html.fixed(c.getMeanRounds(), 2), false)
        .kpi("Mean collateral liquidated", Html.usd(c.getLiquidatedUsdMean()), false)
        .kpi("P(circuit breaker trips)", Html.percent(c.getBreakerTripProbability(), 2), false)
        .closeKpis();
    page.heading3("Fragility curve");
    StringBuilder caption = new StringBuilder();
    caption
        .append("Cascade index (spectral radius of the cascade Jacobian J) at the current prices")
        .append(" (0%) and after uniform shocks of ");
    for (int i = 0; i < c.getFragilityCurveCount(); i++) {
      caption
          .append(i > 0 ? ", " : "")
          .append(Html.percent(c.getFragilityCurve(i).getShockFraction(), 0));
    }
    caption.append(
        ". At 1 or above the liquidation feedback loop no longer damps (runaway). The index is"
            + " the loop's gain without the brakes the simulation applies (rate limits, liquidator"
            + " and exit capacity, oracle lags, circuit breakers, liquidators' profitability): a"
            + " book can be runaway here and lose little in the simulation when those hold it"
            + " back.");
    page.figure(
        SvgCharts.render(
            ReportCharts.fragility(ReportDatasets.fragility(c)),
            900,
            360,
            "chart-fragility",
            "Fragility curve"),
        caption.toString());
    AmplificationSection.append(
        page, c.getAssetIdsList(), c.getAmplificationList(), c.getRunaway(), "chart-amplification");
    page.endSection();
  }

  private static void collateral(ReportPage page, List<CollateralRecommendation> collateral) {
    page.section("collateral", "Risk-adjusted collateral parameters");
    StringBuilder t = new StringBuilder();
    t.append("<div class=\"scroll\"><table class=\"collateral\"><thead>")
        .append("<tr><th rowspan=\"2\">Asset</th><th rowspan=\"2\">Liq. horizon</th>")
        .append("<th colspan=\"4\">Calm (low volatility)</th>")
        .append("<th colspan=\"3\">Base</th>")
        .append("<th colspan=\"4\">Volatile (high volatility)</th></tr>")
        .append("<tr><th>vol</th><th>max LTV</th><th>LT</th><th>haircut</th>")
        .append("<th>max LTV</th><th>LT</th><th>bonus</th>")
        .append("<th>vol</th><th>max LTV</th><th>LT</th><th>haircut</th></tr></thead><tbody>\n");
    for (CollateralRecommendation c : collateral) {
      RegimeParameters calm = c.getLowVolatility();
      RegimeParameters hot = c.getHighVolatility();
      t.append("<tr data-asset=\"")
          .append(Html.escape(c.getAssetId()))
          .append("\"><th>")
          .append(Html.escape(c.getAssetId()))
          .append("</th>");
      cell(t, Html.fixed(c.getLiquidationHorizonHours(), 2) + " h", "horizon");
      cell(t, Html.percent(calm.getAnnualVolatility(), 0), "calm-vol");
      cell(t, Html.percent(calm.getMaxLtv(), 1), "calm-max-ltv");
      cell(t, Html.percent(calm.getLiquidationThreshold(), 1), "calm-lt");
      cell(t, Html.percent(calm.getHaircut().getTotal(), 2), "calm-haircut");
      cell(t, Html.percent(c.getMaxLtv(), 1), "base-max-ltv");
      cell(t, Html.percent(c.getLiquidationThreshold(), 1), "base-lt");
      cell(t, Html.percent(c.getLiquidationBonus(), 1), "base-bonus");
      cell(t, Html.percent(hot.getAnnualVolatility(), 0), "volatile-vol");
      cell(t, Html.percent(hot.getMaxLtv(), 1), "volatile-max-ltv");
      cell(t, Html.percent(hot.getLiquidationThreshold(), 1), "volatile-lt");
      cell(t, Html.percent(hot.getHaircut().getTotal(), 2), "volatile-haircut");
      t.append("</tr>\n");
    }
    t.append("</tbody></table></div>\n");
    page.raw(t.toString());
    page.paragraph(
        "note",
        "LT = (1 − d) / (1 + b) with haircut d and bonus b; max LTV leaves a buffer below LT."
            + " Calm and volatile repeat the calculation at the regimes' volatilities.");
    Reports.notAcceptedAsCollateral(collateral)
        .ifPresent(note -> page.paragraph("note not-accepted", note));
    page.heading3("Haircut parts");
    int height = Math.max(260, 90 + 3 * 30 * collateral.size());
    page.figure(
        SvgCharts.render(
            ReportCharts.haircuts(ReportDatasets.haircuts(collateral)),
            900,
            height,
            "chart-haircuts",
            "Haircut parts per asset, calm, base and volatile"),
        "The haircut d (the drop over the liquidation horizon that the threshold must absorb),"
            + " split into its sources, per asset in the calm, base and volatile regimes.");
    page.endSection();
  }

  private static void cell(StringBuilder t, String text, String field) {
    t.append("<td class=\"num\" data-field=\"")
        .append(field)
        .append("\">")
        .append(Html.escape(text))
        .append("</td>");
  }

  private static String[] row(String field, String label, String value) {
    return new String[] {field, label, value};
  }
}
