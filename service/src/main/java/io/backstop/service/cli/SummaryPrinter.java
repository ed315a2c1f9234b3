package io.backstop.service.cli;

import io.backstop.proto.v1.AssessCollateralResponse;
import io.backstop.proto.v1.AssetClassDefaults;
import io.backstop.proto.v1.CascadeMetrics;
import io.backstop.proto.v1.CollateralRecommendation;
import io.backstop.proto.v1.FragilityPoint;
import io.backstop.proto.v1.GetModelInfoResponse;
import io.backstop.proto.v1.MatrixRow;
import io.backstop.proto.v1.PremiumBreakdown;
import io.backstop.proto.v1.Provenance;
import io.backstop.proto.v1.QuoteCoverResponse;
import io.backstop.proto.v1.RequestLimits;
import io.backstop.proto.v1.StressRound;
import io.backstop.proto.v1.StressTestResponse;
import io.backstop.proto.v1.TailLevel;
import io.backstop.proto.v1.TailLoss;
import io.backstop.service.report.Reports;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Readable text summaries of the responses, for a person at a terminal. */
final class SummaryPrinter {
  private final PrintStream out;

  SummaryPrinter(PrintStream out) {
    this.out = out;
  }

  void quote(QuoteCoverResponse r) {
    if (r.hasPremium()) {
      premium(r.getPremium());
    }
    if (r.hasTailLoss()) {
      tailLoss(r.getTailLoss());
    }
    if (r.hasCascade()) {
      cascade(r.getCascade());
    }
    if (r.getCollateralCount() > 0) {
      collateral(r.getCollateralList());
    }
    provenance(r.getProvenance());
  }

  void assessCollateral(AssessCollateralResponse r) {
    collateral(r.getCollateralList());
    provenance(r.getProvenance());
  }

  void stress(StressTestResponse r) {
    heading("Stress test");
    row("Bad debt", usd(r.getBadDebtUsd()));
    row("Bad debt after insurance fund", usd(r.getBadDebtAfterFundUsd()));
    row("Collateral liquidated", usd(r.getLiquidatedUsd()));
    row(
        "Cascade index at shocked prices",
        fixed(r.getCascadeIndex(), 3) + (r.getRunaway() ? "  RUNAWAY (>= 1)" : ""));
    if (r.getRoundsCount() > 0) {
      out.println();
      List<String> ids = r.getRounds(0).getAssetsList().stream().map(a -> a.getAssetId()).toList();
      StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %5s", "round"));
      for (String id : ids) {
        header.append(String.format(Locale.ROOT, " %14s", id + " price"));
      }
      header.append(
          String.format(Locale.ROOT, " %16s %16s %16s", "liquidated", "dealer hedge", "bad debt"));
      out.println(header);
      for (StressRound round : r.getRoundsList()) {
        StringBuilder line =
            new StringBuilder(String.format(Locale.ROOT, "  %5d", round.getRound()));
        for (var a : round.getAssetsList()) {
          line.append(String.format(Locale.ROOT, " %14s", price(a.getPriceUsd())));
        }
        line.append(
            String.format(
                Locale.ROOT,
                " %16s %16s %16s",
                usd(round.getLiquidatedUsd()),
                usd(round.getDealerHedgeUsd()),
                usd(round.getBadDebtUsd())));
        out.println(line);
      }
    }
    amplification(r.getAssetIdsList(), r.getAmplificationList());
    provenance(r.getProvenance());
  }

  void modelInfo(GetModelInfoResponse r) {
    heading("Backstop model " + r.getModelVersion());
    row("Real results from", String.join(", ", r.getAvailableRpcsList()));
    var s = r.getDefaultSettings();
    row(
        "Default settings",
        String.format(
            Locale.ROOT,
            "%,d scenarios, %s h horizon, %s min steps, confidence %s",
            s.getScenarios(),
            fixed(s.getHorizonHours(), 0),
            fixed(s.getStepMinutes(), 0),
            s.getConfidenceLevelsList()));
    row(
        "Default target probability",
        String.format(Locale.ROOT, "%s%%", plain(100 * r.getDefaultTargetProbability())));
    row("Default cascade round cap", Integer.toString(r.getDefaultMaxRounds()));
    RequestLimits l = r.getLimits();
    heading("Request limits");
    row("Assets", String.format(Locale.ROOT, "%,d", l.getMaxAssets()));
    row("Loan buckets", String.format(Locale.ROOT, "%,d", l.getMaxLoanBuckets()));
    row("Option positions", String.format(Locale.ROOT, "%,d", l.getMaxOptions()));
    row("Bid levels per ladder", String.format(Locale.ROOT, "%,d", l.getMaxBidLevels()));
    row("Scenarios", String.format(Locale.ROOT, "%,d", l.getMaxScenarios()));
    row("Steps per horizon", String.format(Locale.ROOT, "%,d", l.getMaxSteps()));
    row("Scenarios x steps", String.format(Locale.ROOT, "%,d", l.getMaxScenarioSteps()));
    row("Message size", String.format(Locale.ROOT, "%,d bytes", l.getMaxMessageBytes()));
    row("Correlations", String.format(Locale.ROOT, "%,d", l.getMaxCorrelations()));
    row("Cross-impact entries", String.format(Locale.ROOT, "%,d", l.getMaxCrossImpacts()));
    row("Confidence levels", String.format(Locale.ROOT, "%,d", l.getMaxConfidenceLevels()));
    row("Shocks", String.format(Locale.ROOT, "%,d", l.getMaxShocks()));
    row("Cover term", fixed(l.getMaxTermDays(), 0) + " days");
    row("Horizon", fixed(l.getMaxHorizonHours(), 0) + " hours");
    row("Stress rounds", Integer.toString(l.getMaxRounds()));
    row(
        "Work per call (ns of one core)",
        String.format(Locale.ROOT, "%,d (%.0f s)", l.getMaxWorkUnits(), l.getMaxWorkUnits() / 1e9));
    if (r.getClassDefaultsCount() > 0) {
      heading("Per-class defaults");
      for (AssetClassDefaults d : r.getClassDefaultsList()) {
        row(
            d.getAssetClass().name().replace("ASSET_CLASS_", ""),
            "vol " + pct(d.getAnnualVolatility()) + ", " + d.getDescription());
      }
    }
  }

  private void premium(PremiumBreakdown p) {
    heading("Premium for the cover layer");
    row("Premium", usd(p.getPremiumUsd()) + "  (± " + usd(p.getPremiumStdErrorUsd()) + " MC)");
    row("  expected loss", usd(p.getExpectedLossUsd()));
    row("  risk load", usd(p.getRiskLoadUsd()));
    row("  expense load", usd(p.getExpenseLoadUsd()));
    row("Rate on line", pct(p.getRateOnLine()));
    row("Layer hit probability (term)", pct(p.getLayerHitProbability()));
    row("Term ES99 of layer loss", usd(p.getTermEs99Usd()));
    row("Horizons in the term", fixed(p.getHorizonsPerTerm(), 2));
  }

  private void tailLoss(TailLoss t) {
    heading("Protocol loss per horizon (net of insurance fund)");
    row(
        "Expected loss",
        usd(t.getExpectedLossUsd()) + "  (± " + usd(t.getExpectedLossStdErrorUsd()) + " MC)");
    row("Expected loss before fund", usd(t.getGrossExpectedLossUsd()));
    row("Standard deviation", usd(t.getStdDevUsd()));
    row("Probability of any loss", pct(t.getLossProbability()));
    for (TailLevel level : t.getLevelsList()) {
      row(
          "VaR / ES " + pct(level.getConfidence()),
          usd(level.getVarUsd())
              + " / "
              + usd(level.getEsUsd())
              + "  (ES ± "
              + usd(level.getEsStdErrorUsd())
              + ")");
    }
  }

  private void cascade(CascadeMetrics c) {
    heading("Liquidation cascade");
    row(
        "Cascade index (spectral radius)",
        fixed(c.getCascadeIndex(), 3) + (c.getRunaway() ? "  RUNAWAY (>= 1)" : "  (damped)"));
    StringBuilder curve = new StringBuilder();
    for (FragilityPoint f : c.getFragilityCurveList()) {
      if (curve.length() > 0) {
        curve.append(", ");
      }
      curve.append(pct(f.getShockFraction())).append(" -> ").append(fixed(f.getCascadeIndex(), 3));
    }
    if (curve.length() > 0) {
      row("Fragility (shock -> index)", curve.toString());
    }
    row("Mean cascade rounds", fixed(c.getMeanRounds(), 2));
    row("Mean collateral liquidated", usd(c.getLiquidatedUsdMean()));
    row("Breaker trip probability", pct(c.getBreakerTripProbability()));
    for (var g : c.getGammaExposureList()) {
      row(
          "Dealer GEX " + g.getAssetId(),
          usd(g.getGexUsdPerPercent())
              + " per 1%"
              + (g.hasFlipPriceUsd() ? ", flips at " + price(g.getFlipPriceUsd()) : ""));
    }
    amplification(c.getAssetIdsList(), c.getAmplificationList());
  }

  private void amplification(List<String> ids, List<MatrixRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    out.println();
    out.println(
        "  Amplification (I - J)^-1: total move of the row asset per unit move of the column");
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-12s", ""));
    for (String id : ids) {
      header.append(String.format(Locale.ROOT, " %10s", id));
    }
    out.println(header);
    for (MatrixRow row : rows) {
      StringBuilder line =
          new StringBuilder(String.format(Locale.ROOT, "  %-12s", row.getAssetId()));
      for (double v : row.getValuesList()) {
        line.append(String.format(Locale.ROOT, " %10s", fixed(v, 3)));
      }
      out.println(line);
    }
  }

  private void collateral(List<CollateralRecommendation> list) {
    heading("Risk-adjusted collateral parameters (base | volatile regime)");
    if (list.isEmpty()) {
      out.println(
          "  none: no asset of the exposure backs a loan bucket (collateral is assessed per"
              + " asset that secures loans)");
      return;
    }
    out.println(
        String.format(
            Locale.ROOT,
            "  %-10s %-11s %-17s %-17s %-17s %8s %8s  %s",
            "asset",
            "class",
            "    max LTV",
            " liq. threshold",
            "   liq. bonus",
            "CR",
            "horizon",
            "haircut: vol + slip + oracle + cascade"));
    for (CollateralRecommendation c : list) {
      var hv = c.getHighVolatility();
      var h = c.getHaircut();
      out.println(
          String.format(
              Locale.ROOT,
              "  %-10s %-11s %s %s %s %8s %7sh  %s + %s + %s + %s = %s",
              c.getAssetId(),
              c.getAssetClass().name().replace("ASSET_CLASS_", ""),
              pair(c.getMaxLtv(), hv.getMaxLtv()),
              pair(c.getLiquidationThreshold(), hv.getLiquidationThreshold()),
              pair(c.getLiquidationBonus(), hv.getLiquidationBonus()),
              Double.isInfinite(c.getCollateralRatio()) ? "∞" : fixed(c.getCollateralRatio(), 2),
              plain(c.getLiquidationHorizonHours()),
              pct(h.getVolatility()),
              pct(h.getSlippage()),
              pct(h.getOracleLag()),
              pct(h.getCascade()),
              pct(h.getTotal())));
    }
    Reports.notAcceptedAsCollateral(list)
        .ifPresent(
            note -> {
              out.println();
              out.println("  " + note);
            });
  }

  /** A base | volatile pair of fractions, the bar at a fixed column whatever the widths. */
  private static String pair(double base, double stressed) {
    return String.format(Locale.ROOT, "%7s | %-7s", pct(base), pct(stressed));
  }

  private void provenance(Provenance p) {
    out.println();
    String run =
        p.getScenarios() == 0
            ? "deterministic"
            : String.format(
                Locale.ROOT,
                "seed %s · %,d scenarios",
                Long.toUnsignedString(p.getSeed()),
                p.getScenarios());
    out.println(
        String.format(
            Locale.ROOT,
            "  id %s · model %s · %s · request sha256 %s · %,d ms",
            p.getQuoteId(),
            p.getModelVersion(),
            run,
            p.getRequestSha256().isEmpty() ? "-" : p.getRequestSha256().substring(0, 12) + "…",
            p.getElapsedMillis()));
  }

  /** A section's title, after a blank line but for the first (stdout starts with its content). */
  private void heading(String title) {
    if (headed) {
      out.println();
    }
    headed = true;
    out.println(title);
  }

  private boolean headed;

  private void row(String label, String value) {
    out.println(String.format(Locale.ROOT, "  %-34s %s", label, value));
  }

  static String usd(double v) {
    double a = Math.abs(v);
    String sign = v < 0 ? "-" : "";
    if (a >= 1e9) {
      return String.format(Locale.ROOT, "%s$%.2fB", sign, a / 1e9);
    }
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%s$%.2fM", sign, a / 1e6);
    }
    return String.format(Locale.ROOT, "%s$%,.0f", sign, a);
  }

  static String price(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "$%,.2f", v)
        : String.format(Locale.ROOT, "$%.4f", v);
  }

  static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  /** A number as it is: 0.25, 2.5, 51 (two decimals at most, no trailing zeros). */
  static String plain(double h) {
    return java.math.BigDecimal.valueOf(h)
        .setScale(2, java.math.RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  static String fixed(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}
